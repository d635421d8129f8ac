"""Asking the provider interactively: symbol search, quotes and the facts that fill in a new
instrument. Answers are cached (Redis or in-process) with a time to live; while the provider is
known to be down the breaker answers at once; a failure is a 502/503 problem, never a 500."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pms.enums import AssetClass, DataSource
from pms.errors import ProviderError, ProviderUnavailable
from pms.logs import get_logger
from pms.market.context import MarketContext
from pms.market.providers.base import InstrumentInfo, OfflineMode, Quote, RateLimited, UnknownSymbol
from pms.market.states import FetchState, state_of

log = get_logger(__name__)

#: How long "the provider does not know this symbol" is remembered.
UNKNOWN_TTL_SECONDS = 3600
#: How long the breaker stays open after a rate limit.
RATE_LIMIT_COOLDOWN_SECONDS = 300


def _key(kind: str, text: str) -> str:
    digest = hashlib.sha256(text.strip().lower().encode()).hexdigest()[:32]
    return f"market:{kind}:yahoo:{digest}"


def _info_to_json(info: InstrumentInfo) -> dict[str, Any]:
    return asdict(info)


def _info_from_json(data: dict[str, Any]) -> InstrumentInfo:
    return InstrumentInfo(
        symbol=data["symbol"],
        name=data.get("name"),
        currency=data.get("currency"),
        exchange=data.get("exchange"),
        asset_class=AssetClass(data.get("asset_class", AssetClass.OTHER)),
        sector=data.get("sector"),
        country=data.get("country"),
        isin=data.get("isin"),
        data_source=DataSource(data.get("data_source", DataSource.YAHOO)),
    )


def _note_failure(market: MarketContext, error: ProviderUnavailable | ProviderError) -> None:
    if isinstance(error, OfflineMode):
        return
    if isinstance(error, RateLimited):
        market.breaker.trip("the provider is rate-limiting requests", RATE_LIMIT_COOLDOWN_SECONDS)
    elif isinstance(error, ProviderUnavailable):
        market.breaker.trip("the provider could not be reached")
    log.warning("provider_request_failed", error=error.detail)


def lookup(market: MarketContext, query: str) -> list[InstrumentInfo]:
    """Candidates for `query` from the provider; raises `ProviderUnavailable` (503) or
    `ProviderError` (502) when it cannot answer."""
    key = _key("lookup", query)
    cached = market.cache.get(key)
    if cached is not None:
        return [_info_from_json(item) for item in json.loads(cached)]
    market.breaker.check()
    try:
        found = market.provider.lookup(query)
    except (ProviderUnavailable, ProviderError) as exc:
        _note_failure(market, exc)
        raise
    payload = json.dumps([_info_to_json(i) for i in found]).encode()
    market.cache.set(key, payload, market.lookup_ttl)
    return found


def quote(market: MarketContext, symbol: str) -> Quote:
    """The latest price of `symbol`, cached for `PMS_MARKET_QUOTE_TTL_SECONDS`."""
    key = _key("quote", symbol)
    cached = market.cache.get(key)
    if cached is not None:
        data = json.loads(cached)
        return Quote(
            symbol=data["symbol"],
            currency=data["currency"],
            price=Decimal(data["price"]),
            as_of=date.fromisoformat(data["as_of"]),
            previous_close=Decimal(data["previous_close"]) if data["previous_close"] else None,
        )
    market.breaker.check()
    try:
        result = market.provider.quote(symbol)
    except (ProviderUnavailable, ProviderError) as exc:
        _note_failure(market, exc)
        raise
    payload = {
        "symbol": result.symbol,
        "currency": result.currency,
        "price": str(result.price),
        "as_of": result.as_of.isoformat(),
        "previous_close": str(result.previous_close) if result.previous_close is not None else None,
    }
    market.cache.set(key, json.dumps(payload).encode(), market.quote_ttl)
    return result


@dataclass(frozen=True)
class Enrichment:
    """What the provider said about a symbol a user is adding, or why it said nothing.

    `info` is None unless `state` is `ok`; `message` then says why, for people."""

    symbol: str
    state: FetchState
    info: InstrumentInfo | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.info is not None


def enrich_instrument(market: MarketContext, symbol: str) -> Enrichment:
    """Name, currency, exchange, asset class, sector and country of a provider symbol, for the
    instrument a user is adding. Never raises for a provider failure: offline, the instrument is
    still created (with what the user typed) and the answer says why it could not be filled in."""
    symbol = symbol.strip().upper()
    key = _key("info", symbol)
    cached = market.cache.get(key)
    if cached is not None:
        data = json.loads(cached)
        if data.get("unknown"):
            return Enrichment(symbol, FetchState.UNKNOWN_SYMBOL, message=data["message"])
        return Enrichment(symbol, FetchState.OK, _info_from_json(data))
    try:
        market.breaker.check()
        info = market.provider.info(symbol)
    except UnknownSymbol as exc:
        market.cache.set(
            key, json.dumps({"unknown": True, "message": exc.detail}).encode(), UNKNOWN_TTL_SECONDS
        )
        return Enrichment(symbol, FetchState.UNKNOWN_SYMBOL, message=exc.detail)
    except (ProviderUnavailable, ProviderError) as exc:
        _note_failure(market, exc)
        return Enrichment(symbol, state_of(exc), message=exc.detail)
    market.cache.set(key, json.dumps(_info_to_json(info)).encode(), market.lookup_ttl)
    return Enrichment(symbol, FetchState.OK, info)
