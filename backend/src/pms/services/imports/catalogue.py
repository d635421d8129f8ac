"""The accounts and instruments an import names, found in the user's books or created.

Instruments are matched to the catalogue by ISIN, then symbol; one the catalogue lacks is asked of
the market-data provider (an `InstrumentResolver`) and added as a provider instrument when the
provider knows it, else added as the user's manual instrument. Each is looked up once per import,
so a file never creates the same instrument twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from stdnum import isin as isin_check

from pms.currencies import is_currency, normalise_currency
from pms.db.models import Account, Instrument, Transaction, User
from pms.enums import AccountKind, AssetClass, CostBasisMethod, DataSource
from pms.errors import FieldError, NotFound, PMSError, ValidationFailed
from pms.logs import get_logger
from pms.services.accounts import create_account, get_account
from pms.services.imports.records import AccountRef, InstrumentRef
from pms.services.instruments import create_instrument, get_instrument, visible

log = get_logger(__name__)

MAX_SYMBOL = 32
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class InstrumentInfo:
    """What a market-data provider tells about a symbol or ISIN."""

    symbol: str
    name: str
    currency: str
    asset_class: str | None = None
    exchange: str | None = None
    isin: str | None = None
    sector: str | None = None
    country: str | None = None


class InstrumentResolver(Protocol):
    """Asks the market-data provider about a symbol or ISIN. Returns None when it does not know
    it; may raise (e.g. `ProviderUnavailable`) when it cannot be reached — both mean "add it as a
    manual instrument"."""

    def lookup(self, query: str) -> InstrumentInfo | None: ...


class OfflineResolver:
    """The resolver used when no provider is plugged in: it knows nothing."""

    def lookup(self, query: str) -> InstrumentInfo | None:
        return None


class RefError(ValidationFailed):
    """A row names an account or instrument that cannot be used."""


def _ref_error(field: str, message: str, code: str = "invalid") -> RefError:
    return RefError(detail=f"{field}: {message}", errors=[FieldError(field, message, code)])


def _clean(value: str | None, field: str, limit: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if _CONTROL.search(value):
        raise _ref_error(field, "must not contain control characters", "control")
    if len(value) > limit:
        raise _ref_error(field, f"'{value[:40]}…' is longer than {limit} characters", "too_long")
    return value


def _check_isin(value: str | None) -> str | None:
    value = _clean(value, "isin", 12)
    if value is None:
        return None
    value = value.upper()
    if not isin_check.is_valid(value):
        raise _ref_error("isin", f"'{value}' is not a valid ISIN", "isin")
    return value


class Books:
    """The user's accounts and the instruments visible to them, as an import sees them."""

    def __init__(self, session: Session, user: User, resolver: InstrumentResolver) -> None:
        self.session = session
        self.user = user
        self.resolver = resolver
        self.created_accounts: list[Account] = []
        self.created_instruments: list[Instrument] = []
        self._accounts = {
            a.id: a for a in session.scalars(select(Account).where(Account.user_id == user.id))
        }
        self._refused_accounts: dict[str, RefError] = {}
        self._instruments: dict[tuple[Any, ...], Instrument | RefError] = {}
        self._lookups: dict[str, InstrumentInfo | None] = {}
        self._traded_ids: set[int] | None = None

    # --- accounts ---------------------------------------------------------------------------

    def _by_name(self, name: str) -> Account | None:
        exact = [a for a in self._accounts.values() if a.name == name]
        if exact:
            return exact[0]
        folded = [a for a in self._accounts.values() if a.name.casefold() == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    def account(self, ref: AccountRef) -> Account:
        if ref.id is not None:
            try:
                return get_account(self.session, self.user, ref.id)
            except NotFound as exc:
                raise _ref_error("account", f"account {ref.id} not found", "not_found") from exc
        if ref.name is None:
            raise _ref_error(
                "account", "the row names no account; pass account_id for such files", "missing"
            )
        if ref.name in self._refused_accounts:
            raise self._refused_accounts[ref.name]
        found = self._by_name(ref.name)
        if found is not None:
            return found
        if ref.name.isdigit() and int(ref.name) in self._accounts:
            return self._accounts[int(ref.name)]
        raise _ref_error(
            "account",
            f"no account named '{ref.name}'; create it first or pass account_id",
            "not_found",
        )

    def ensure_account(self, ref: AccountRef) -> Account:
        """The account a backup names, created when missing."""
        if ref.name is None:
            raise _ref_error("account", "an account needs a name", "missing")
        try:
            name = _clean(ref.name, "account", 100)
            if name is None:
                raise _ref_error("account", "an account needs a name", "missing")
            found = self._by_name(name)
            if found is not None:
                if ref.currency and found.currency != ref.currency:
                    raise _ref_error(
                        "account",
                        f"account '{name}' exists in {found.currency}; the file has it in "
                        f"{ref.currency}",
                        "currency_mismatch",
                    )
                return found
            if ref.currency is None or not is_currency(ref.currency):
                raise _ref_error(
                    "account",
                    f"account '{name}' has no valid currency ({ref.currency})",
                    "currency",
                )
            kind = ref.kind if ref.kind in set(AccountKind) else AccountKind.BROKERAGE
            account = create_account(
                self.session,
                self.user,
                {
                    "name": name,
                    "currency": ref.currency,
                    "kind": kind,
                    "track_cash": bool(ref.track_cash),
                    "cost_basis_method": ref.cost_basis_method
                    if ref.cost_basis_method in set(CostBasisMethod)
                    else None,
                },
            )
        except RefError as exc:
            self._refused_accounts[ref.name] = exc
            raise
        self._accounts[account.id] = account
        self.created_accounts.append(account)
        return account

    # --- instruments ------------------------------------------------------------------------

    def instrument(self, ref: InstrumentRef) -> Instrument:
        key = (ref.id, ref.isin, (ref.symbol or "").upper(), ref.data_source, ref.name)
        cached = self._instruments.get(key)
        if cached is None:
            try:
                cached = self._resolve(ref)
            except PMSError as exc:
                cached = (
                    exc
                    if isinstance(exc, RefError)
                    else _ref_error(
                        exc.errors[0].field if exc.errors else "instrument",
                        exc.errors[0].message if exc.errors else exc.detail,
                    )
                )
            self._instruments[key] = cached
        if isinstance(cached, RefError):
            raise cached
        return cached

    def _visible(self) -> Select[Instrument]:
        return select(Instrument).where(visible(self.user))

    def _find(self, ref: InstrumentRef, isin: str | None, symbol: str | None) -> Instrument | None:
        if isin is not None:
            matches = list(self.session.scalars(self._visible().where(Instrument.isin == isin)))
            if ref.data_source == DataSource.MANUAL:
                # A manual instrument (a backup's, say) is the user's own: never a shared one.
                matches = [i for i in matches if i.owner_id == self.user.id]
            if matches:
                # The instrument the ledger already books wins, so that a shared instrument
                # added to the catalogue since never takes over (and books a file twice).
                matches.sort(
                    key=lambda i: (
                        i.id not in self._traded(),
                        symbol is None or i.symbol.upper() != symbol.upper(),
                        i.owner_id is not None,
                        i.id,
                    )
                )
                return matches[0]
        if symbol is None:
            # Only a name (or WKN): the instrument of that exact name, if there is just one.
            if ref.name is None:
                return None
            named = list(
                self.session.scalars(self._visible().where(Instrument.name == ref.name.strip()))
            )
            return named[0] if len(named) == 1 else None
        provider = self.session.scalar(
            select(Instrument)
            .where(Instrument.owner_id.is_(None), Instrument.symbol == symbol.upper())
            .order_by(Instrument.id)
        )
        own: Instrument | None = self.session.scalar(
            select(Instrument)
            .where(Instrument.owner_id == self.user.id, Instrument.symbol == symbol)
            .order_by(Instrument.id)
        ) or self.session.scalar(
            select(Instrument)
            .where(
                Instrument.owner_id == self.user.id,
                func.lower(Instrument.symbol) == symbol.lower(),
            )
            .order_by(Instrument.id)
        )
        if ref.data_source == DataSource.MANUAL:
            return own
        if own is not None and provider is not None and own.id in self._traded():
            # The user's own instrument of that symbol came first and carries their trades.
            return own
        return provider or own

    def _traded(self) -> set[int]:
        """The instruments the user's ledger books (read once per import)."""
        if self._traded_ids is None:
            self._traded_ids = set(
                self.session.scalars(
                    select(Transaction.instrument_id)
                    .where(
                        Transaction.user_id == self.user.id, Transaction.instrument_id.is_not(None)
                    )
                    .distinct()
                )
            )
        return self._traded_ids

    def _lookup(self, query: str) -> InstrumentInfo | None:
        if query not in self._lookups:
            try:
                self._lookups[query] = self.resolver.lookup(query)
            except Exception as exc:  # any provider failure means "add it as manual"
                log.warning("instrument_lookup_failed", query=query, error=str(exc))
                self._lookups[query] = None
        return self._lookups[query]

    def _resolve(self, ref: InstrumentRef) -> Instrument:
        if ref.id is not None:
            try:
                return get_instrument(self.session, self.user, ref.id)
            except NotFound as exc:
                raise _ref_error(
                    "instrument", f"instrument {ref.id} not found", "not_found"
                ) from exc
        isin = _check_isin(ref.isin)
        symbol = _clean(ref.symbol, "symbol", MAX_SYMBOL)
        name = _clean(ref.name, "name", 200)
        if symbol is None and isin is None and ref.wkn is None and name is None:
            raise _ref_error("symbol", "the row names no instrument (symbol or ISIN)", "missing")
        found = self._find(ref, isin, symbol)
        if found is not None:
            return found
        currency = ref.currency
        if currency is not None:
            currency = normalise_currency(currency)[0]
        if ref.trusted and ref.data_source not in (None, DataSource.MANUAL) and symbol:
            return self._add(
                {
                    "symbol": symbol,
                    "name": name or symbol,
                    "currency": currency,
                    "asset_class": ref.asset_class,
                    "data_source": ref.data_source,
                    "sector": ref.sector,
                    "country": ref.country,
                    "exchange": ref.exchange,
                    "isin": isin,
                }
            )
        if ref.data_source != DataSource.MANUAL:
            for query in (isin, symbol):
                info = self._lookup(query) if query else None
                if info is not None:
                    return self._from_provider(info, isin)
        return self._manual(ref, symbol, isin, name, currency)

    def _from_provider(self, info: InstrumentInfo, isin: str | None) -> Instrument:
        currency, _ = normalise_currency(info.currency)
        return self._add(
            {
                "symbol": info.symbol,
                "name": info.name,
                "currency": currency,
                "asset_class": info.asset_class,
                "data_source": DataSource.YAHOO,
                "sector": info.sector,
                "country": info.country,
                "exchange": info.exchange,
                "isin": info.isin or isin,
            }
        )

    def _manual(
        self,
        ref: InstrumentRef,
        symbol: str | None,
        isin: str | None,
        name: str | None,
        currency: str | None,
    ) -> Instrument:
        chosen = symbol or isin or _clean(ref.wkn, "wkn", 32) or (name or "")[:MAX_SYMBOL].strip()
        if len(chosen) > MAX_SYMBOL:
            raise _ref_error("symbol", f"'{chosen[:40]}' is longer than {MAX_SYMBOL} characters")
        if currency is None or not is_currency(currency):
            raise _ref_error(
                "currency",
                f"'{chosen}' is not in the catalogue and the provider does not know it; a "
                "currency is needed to add it as a manual instrument",
                "missing",
            )
        existing = self.session.scalar(
            select(Instrument).where(
                Instrument.owner_id == self.user.id, Instrument.symbol == chosen
            )
        )
        if existing is not None:
            return existing
        asset_class = ref.asset_class if ref.asset_class in set(AssetClass) else AssetClass.EQUITY
        return self._add(
            {
                "symbol": chosen,
                "name": name or chosen,
                "currency": currency,
                "asset_class": asset_class,
                "data_source": DataSource.MANUAL,
                "sector": _clean(ref.sector, "sector", 100),
                "country": _clean(ref.country, "country", 100),
                "exchange": _clean(ref.exchange, "exchange", 100),
                "isin": isin,
            }
        )

    def _add(self, fields: dict[str, Any]) -> Instrument:
        if fields.get("asset_class") not in set(AssetClass):
            fields["asset_class"] = AssetClass.EQUITY
        if fields.get("currency") is not None and not is_currency(fields["currency"]):
            raise _ref_error("currency", f"'{fields['currency']}' is not a currency", "currency")
        for name, limit in (("name", 200), ("sector", 100), ("country", 100), ("exchange", 100)):
            if isinstance(fields.get(name), str):
                fields[name] = fields[name][:limit]
        instrument, created = create_instrument(self.session, self.user, fields)
        if created:
            self.created_instruments.append(instrument)
        return instrument
