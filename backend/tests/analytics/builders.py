"""A small fluent builder of `PortfolioData` for tests: accounts, instruments, transactions in the
order they are written (ids ascend), closes, splits and rates. Dates are ISO strings, money is
written as strings or ints and kept exact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pms.analytics import (
    AccountRecord,
    FxRateRecord,
    InstrumentRecord,
    PortfolioData,
    PriceRecord,
    SplitRecord,
    TransactionRecord,
)
from pms.enums import TransactionType

Number = str | int | Decimal


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def dec(value: Number | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class Book:
    def __init__(self) -> None:
        self.accounts: list[AccountRecord] = []
        self.instruments: list[InstrumentRecord] = []
        self.transactions: list[TransactionRecord] = []
        self.splits: list[SplitRecord] = []
        self.prices: list[PriceRecord] = []
        self.rates: list[FxRateRecord] = []
        self._transfers = 0

    # -- static data ----------------------------------------------------------------------------

    def account(self, currency: str = "EUR", *, track_cash: bool = False) -> int:
        account_id = len(self.accounts) + 1
        self.accounts.append(AccountRecord(account_id, currency, track_cash))
        return account_id

    def instrument(
        self,
        currency: str = "EUR",
        *,
        symbol: str | None = None,
        asset_class: str = "equity",
        sector: str | None = None,
        country: str | None = None,
    ) -> int:
        instrument_id = len(self.instruments) + 101
        self.instruments.append(
            InstrumentRecord(
                instrument_id,
                currency,
                asset_class,
                sector,
                country,
                symbol or f"I{instrument_id}",
            )
        )
        return instrument_id

    def close(self, instrument_id: int, on: str | date, value: Number) -> Book:
        self.prices.append(PriceRecord(instrument_id, day(on), Decimal(str(value))))
        return self

    def closes(self, instrument_id: int, values: dict[str, Number]) -> Book:
        for on, value in values.items():
            self.close(instrument_id, on, value)
        return self

    def split(
        self, instrument_id: int, on: str | date, numerator: int, denominator: int = 1
    ) -> Book:
        self.splits.append(SplitRecord(instrument_id, day(on), numerator, denominator))
        return self

    def rate(self, pair: str, on: str | date, value: Number) -> Book:
        base, quote = pair.split("/")
        self.rates.append(FxRateRecord(base, quote, day(on), Decimal(str(value))))
        return self

    # -- transactions ---------------------------------------------------------------------------

    def _currency_of(self, account_id: int, instrument_id: int | None) -> str:
        if instrument_id is not None:
            return next(i.currency for i in self.instruments if i.id == instrument_id)
        return next(a.currency for a in self.accounts if a.id == account_id)

    def add(
        self,
        kind: TransactionType | str,
        account_id: int,
        on: str | date,
        *,
        instrument: int | None = None,
        quantity: Number | None = None,
        price: Number | None = None,
        amount: Number | None = None,
        fee: Number = 0,
        tax: Number = 0,
        currency: str | None = None,
        fx_rate: Number | None = None,
        transfer_id: str | None = None,
    ) -> int:
        tx_id = len(self.transactions) + 1
        self.transactions.append(
            TransactionRecord(
                id=tx_id,
                account_id=account_id,
                type=TransactionType(kind),
                date=day(on),
                currency=currency or self._currency_of(account_id, instrument),
                instrument_id=instrument,
                quantity=dec(quantity),
                price=dec(price),
                amount=dec(amount),
                fee=Decimal(str(fee)),
                tax=Decimal(str(tax)),
                fx_rate=dec(fx_rate),
                transfer_id=transfer_id,
            )
        )
        return tx_id

    def buy(
        self, account_id: int, instrument: int, on: str, quantity: Number, price: Number, **kw: Any
    ) -> int:
        return self.add(
            "BUY", account_id, on, instrument=instrument, quantity=quantity, price=price, **kw
        )

    def sell(
        self, account_id: int, instrument: int, on: str, quantity: Number, price: Number, **kw: Any
    ) -> int:
        return self.add(
            "SELL", account_id, on, instrument=instrument, quantity=quantity, price=price, **kw
        )

    def dividend(self, account_id: int, instrument: int, on: str, amount: Number, **kw: Any) -> int:
        return self.add("DIVIDEND", account_id, on, instrument=instrument, amount=amount, **kw)

    def cash(self, kind: str, account_id: int, on: str, amount: Number, **kw: Any) -> int:
        """DEPOSIT, WITHDRAWAL, INTEREST, FEE or TAX."""
        return self.add(kind, account_id, on, amount=amount, **kw)

    def transfer(
        self,
        source: int,
        target: int,
        instrument: int,
        on: str,
        quantity: Number,
        price: Number = 0,
    ) -> str:
        """A TRANSFER_OUT from `source` and a TRANSFER_IN to `target` sharing one transfer id."""
        self._transfers += 1
        transfer_id = f"t{self._transfers}"
        for kind, account_id in (("TRANSFER_OUT", source), ("TRANSFER_IN", target)):
            self.add(
                kind,
                account_id,
                on,
                instrument=instrument,
                quantity=quantity,
                price=price,
                transfer_id=transfer_id,
            )
        return transfer_id

    def data(self) -> PortfolioData:
        return PortfolioData.from_records(
            accounts=self.accounts,
            instruments=self.instruments,
            transactions=self.transactions,
            splits=self.splits,
            prices=self.prices,
            fx_rates=self.rates,
        )


def parse_ratio(text: str) -> tuple[int, int]:
    """A split ratio written "4" (4-for-1) or "1/10" (1-for-10) as numerator and denominator."""
    ratio = Fraction(text)
    return ratio.numerator, ratio.denominator
