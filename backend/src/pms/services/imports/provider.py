"""The market-data provider as an import's `InstrumentResolver`."""

from __future__ import annotations

from stdnum import isin as isin_check

from pms.errors import ProviderError, ProviderUnavailable
from pms.market.context import MarketContext
from pms.services import market_lookup
from pms.services.imports.catalogue import InstrumentInfo


class MarketResolver:
    """Asks the provider (through its cache and breaker) about a symbol, or an ISIN by searching
    for it first. Offline, or for a symbol it does not know, it answers None: the import then adds
    a manual instrument."""

    def __init__(self, market: MarketContext) -> None:
        self._market = market

    def lookup(self, query: str) -> InstrumentInfo | None:
        symbol = query.strip()
        if isin_check.is_valid(symbol.upper()):
            try:
                found = market_lookup.lookup(self._market, symbol.upper())
            except (ProviderUnavailable, ProviderError):
                return None
            if not found:
                return None
            symbol = found[0].symbol
        enrichment = market_lookup.enrich_instrument(self._market, symbol)
        info = enrichment.info
        if info is None or not info.currency:
            return None
        return InstrumentInfo(
            symbol=info.symbol,
            name=info.name or info.symbol,
            currency=info.currency,
            asset_class=info.asset_class,
            exchange=info.exchange,
            isin=info.isin or (query.strip().upper() if query != symbol else None),
            sector=info.sector,
            country=info.country,
        )
