"""Portfolio Performance's CSV export of account or securities-account transactions, with English
or German labels (the language of the PP installation that wrote it).

`Value` is the net amount in the transaction currency (PP writes debits negative; only its size
is used here, the type says the direction). A buy's gross is Value − Fees − Taxes, a sale's
Value + Fees + Taxes. When the security trades in another currency, `Gross Amount` is in
`Currency Gross Amount` and `Exchange Rate` converts one unit of it to the transaction currency;
the entry is then booked in the security's currency with that rate.

Fees and taxes that our type does not carry (a dividend's fee, a delivery's costs) become FEE/TAX
entries of their own on the same day. Fee and tax refunds have no counterpart in our ledger and
are refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pms.currencies import normalise_currency
from pms.enums import TransactionType as T
from pms.ledger_limits import NOTE_LENGTH
from pms.services.imports.csv_table import Cells, Column, CsvFile, Layout, detected
from pms.services.imports.locale_values import quantize
from pms.services.imports.records import AccountRef, InstrumentRef, Record, Row, TxnDraft
from pms.services.imports.source import Source

LAYOUT = Layout(
    (
        Column("date", ("Date", "Datum"), "date", required=True),
        Column("time", ("Time", "Uhrzeit")),
        Column("ex_date", ("Ex-Date", "Ex-Tag", "Exdatum"), "date"),
        Column("type", ("Type", "Typ"), required=True),
        Column("value", ("Value", "Wert"), "number", required=True),
        Column("currency", ("Transaction Currency", "Buchungswährung")),
        Column("gross", ("Gross Amount", "Bruttobetrag"), "number"),
        Column("gross_currency", ("Currency Gross Amount", "Währung Bruttobetrag")),
        Column("rate", ("Exchange Rate", "Wechselkurs"), "number"),
        Column("fees", ("Fees", "Gebühren"), "number"),
        Column("taxes", ("Taxes", "Steuern"), "number"),
        Column("shares", ("Shares", "Stück"), "number"),
        Column("isin", ("ISIN",)),
        Column("wkn", ("WKN",)),
        Column("ticker", ("Ticker Symbol", "Ticker-Symbol")),
        Column("name", ("Security Name", "Wertpapiername")),
        Column("note", ("Note", "Notiz")),
        Column("cash_account", ("Cash Account", "Konto")),
        Column("securities_account", ("Securities Account", "Depot")),
    )
)

#: PP's type labels (English and German) → PP's own type names.
TYPES = {
    "buy": "BUY",
    "kauf": "BUY",
    "sell": "SELL",
    "verkauf": "SELL",
    "deposit": "DEPOSIT",
    "einlage": "DEPOSIT",
    "removal": "REMOVAL",
    "entnahme": "REMOVAL",
    "interest": "INTEREST",
    "zinsen": "INTEREST",
    "interest charge": "INTEREST_CHARGE",
    "zinsbelastung": "INTEREST_CHARGE",
    "dividend": "DIVIDEND",
    "dividende": "DIVIDEND",
    "dividends": "DIVIDEND",
    "fees": "FEES",
    "gebühren": "FEES",
    "fees refund": "FEES_REFUND",
    "gebührenerstattung": "FEES_REFUND",
    "taxes": "TAXES",
    "steuern": "TAXES",
    "tax refund": "TAX_REFUND",
    "steuerrückerstattung": "TAX_REFUND",
    "transfer (inbound)": "TRANSFER_IN",
    "umbuchung (eingang)": "TRANSFER_IN",
    "transfer (outbound)": "TRANSFER_OUT",
    "umbuchung (ausgang)": "TRANSFER_OUT",
    "delivery (inbound)": "DELIVERY_IN",
    "einlieferung": "DELIVERY_IN",
    "delivery (outbound)": "DELIVERY_OUT",
    "auslieferung": "DELIVERY_OUT",
}
_GERMAN = {"datum", "typ", "wert", "buchungswährung", "stück", "wertpapiername", "notiz"}
ZERO = Decimal(0)


class PortfolioPerformanceReader:
    def __init__(self, source: Source, options: Any) -> None:
        self.file = CsvFile(source, LAYOUT, options.date_format, options.decimal_separator)
        self.use_columns_for_accounts = options.account_id is None
        self.detected: dict[str, str] = {}

    def records(self) -> Iterator[Record]:
        self.file.scan()
        german = any(label.strip().casefold() in _GERMAN for label in self.file.header)
        self.detected = detected(self.file) | {"language": "de" if german else "en"}
        for cells in self.file.rows():
            yield self.row(cells)

    def row(self, cells: Cells) -> Row:
        row = cells.row
        day = cells.date("date")
        cells.need("date", day)
        label = cells.raw("type")
        kind = TYPES.get(" ".join(label.casefold().split()))
        if kind is None:
            row.error(cells.label("type"), f"'{label}' is not a Portfolio Performance type", "type")
        value = cells.number("value")
        cells.need("value", value)
        fees, taxes = abs(cells.number("fees") or ZERO), abs(cells.number("taxes") or ZERO)
        shares = cells.number("shares")
        rate = cells.number("rate")
        gross = cells.number("gross")
        currency = (cells.text("currency", 3) or "").upper() or None
        security_currency = (cells.text("gross_currency", 3) or "").upper() or currency
        note = cells.text("note", NOTE_LENGTH)
        if row.errors or kind is None or value is None or day is None:
            return row
        value = abs(value)
        security = self.security(cells, security_currency)
        account = self.account(cells, security is not None and shares is not None)
        entry = _Builder(row, account, security, day, note, currency)
        if kind in ("FEES_REFUND", "TAX_REFUND"):
            row.error(
                cells.label("type"),
                f"'{label}' (a refund) has no counterpart in the PMS ledger; book it by hand",
                "unsupported",
            )
        elif kind in ("BUY", "SELL"):
            if security is None or not shares:
                row.error(
                    cells.label("shares"), f"a {label} needs shares and a security", "missing"
                )
                return row
            net_gross = value - fees - taxes if kind == "BUY" else value + fees + taxes
            entry.trade(
                T(kind), abs(shares), net_gross, gross, rate, fees, taxes, security_currency
            )
        elif kind == "DIVIDEND":
            if security is None:
                row.error(cells.label("isin"), "a dividend needs a security", "missing")
                return row
            entry.add(
                T.DIVIDEND,
                amount=value + taxes + fees,
                tax=taxes,
                quantity=abs(shares) if shares else None,
            )
            entry.costs(fees, ZERO)
        elif kind == "INTEREST":
            entry.add(T.INTEREST, amount=value + taxes + fees, tax=taxes, instrument=security)
            entry.costs(fees, ZERO)
        elif kind in ("INTEREST_CHARGE", "FEES"):
            entry.add(T.FEE, amount=value, instrument=security)
        elif kind == "TAXES":
            entry.add(T.TAX, amount=value, instrument=security)
        elif kind in ("DEPOSIT", "REMOVAL"):
            entry.add(
                T.DEPOSIT if kind == "DEPOSIT" else T.WITHDRAWAL, amount=value, instrument=None
            )
        elif kind in ("TRANSFER_IN", "TRANSFER_OUT") and (security is None or not shares):
            # A transfer of money between two cash accounts.
            entry.add(
                T.DEPOSIT if kind == "TRANSFER_IN" else T.WITHDRAWAL, amount=value, instrument=None
            )
        else:
            if security is None or not shares:
                row.error(
                    cells.label("shares"), f"a {label} needs shares and a security", "missing"
                )
                return row
            inbound = kind in ("TRANSFER_IN", "DELIVERY_IN")
            carried = value - fees - taxes if inbound else value + fees + taxes
            entry.transfer(
                T.TRANSFER_IN if inbound else T.TRANSFER_OUT,
                abs(shares),
                carried,
                gross,
                rate,
                security_currency,
            )
            entry.costs(fees, taxes)
        return row

    def security(self, cells: Cells, currency: str | None) -> InstrumentRef | None:
        isin, ticker = cells.text("isin", 12), cells.text("ticker", 32)
        wkn, name = cells.text("wkn", 32), cells.text("name", 200)
        if not (isin or ticker or wkn or name):
            return None
        return InstrumentRef(
            symbol=ticker,
            isin=isin.upper() if isin else None,
            wkn=wkn,
            name=name,
            currency=normalise_currency(currency)[0] if currency else None,
        )

    def account(self, cells: Cells, securities: bool) -> AccountRef | None:
        if not self.use_columns_for_accounts:
            return None
        name = cells.text("securities_account" if securities else "cash_account", 100)
        name = name or cells.text("cash_account" if securities else "securities_account", 100)
        return AccountRef(name=name) if name else None


class _Builder:
    """Adds the ledger entries of one PP row."""

    def __init__(
        self,
        row: Row,
        account: AccountRef | None,
        security: InstrumentRef | None,
        day: Any,
        note: str | None,
        currency: str | None,
    ) -> None:
        self.row, self.account, self.security = row, account, security
        self.day, self.note, self.currency = day, note, currency

    def add(
        self, kind: T, *, instrument: InstrumentRef | str | None = "security", **fields: Any
    ) -> None:
        target = self.security if instrument == "security" else instrument
        assert not isinstance(target, str)
        values = {"type": kind, "date": self.day, "note": self.note, "currency": self.currency}
        self.row.drafts.append(TxnDraft(self.account, target, values | fields))

    def costs(self, fees: Decimal, taxes: Decimal) -> None:
        if fees:
            self.add(T.FEE, amount=fees)
        if taxes:
            self.add(T.TAX, amount=taxes)

    def _foreign(self, security_currency: str | None, rate: Decimal | None) -> bool:
        return bool(
            security_currency
            and self.currency
            and security_currency != self.currency
            and rate is not None
            and rate > 0
        )

    def trade(
        self,
        kind: T,
        shares: Decimal,
        net_gross: Decimal,
        gross: Decimal | None,
        rate: Decimal | None,
        fees: Decimal,
        taxes: Decimal,
        security_currency: str | None,
    ) -> None:
        if self._foreign(security_currency, rate):
            assert rate is not None
            in_security = abs(gross) if gross else net_gross / rate
            self.add(
                kind,
                quantity=shares,
                price=_q(in_security / shares),
                fee=_q(fees / rate),
                tax=_q(taxes / rate),
                currency=normalise_currency(security_currency or "")[0],
                fx_rate=rate,
            )
            return
        self.add(kind, quantity=shares, price=_q(net_gross / shares), fee=fees, tax=taxes)

    def transfer(
        self,
        kind: T,
        shares: Decimal,
        carried: Decimal,
        gross: Decimal | None,
        rate: Decimal | None,
        security_currency: str | None,
    ) -> None:
        if self._foreign(security_currency, rate):
            assert rate is not None
            in_security = abs(gross) if gross else carried / rate
            self.add(
                kind,
                quantity=shares,
                price=_q(in_security / shares),
                currency=normalise_currency(security_currency or "")[0],
            )
            return
        self.add(kind, quantity=shares, price=_q(carried / shares))


def _q(value: Decimal) -> Decimal:
    return quantize(value)
