"""The `yahoo` provider, through yfinance.

yfinance talks to Yahoo's JSON endpoints over one HTTP session (curl_cffi by default): the chart API
(`/v8/finance/chart/{symbol}`) for prices, splits and dividends, `/v1/finance/search` for symbol
search, `/v10/finance/quoteSummary` and `/v7/finance/quote` for company facts. That session is the
boundary: tests hand a fake one in (`session=`) and never reach the network.

How we call it, and why:
- `Ticker.history(start=…, auto_adjust=False, actions=True)` — one chart request per symbol with
  closes, splits and dividends together. `auto_adjust=False` gives Yahoo's `Close`, adjusted for
  splits only (not dividends); `pms.market.adjust` turns it back into as-traded prices. The request
  always runs to today even when less is asked: the un-adjustment needs every split after the first
  bar, and Yahoo lists only the splits inside the requested range.
- yfinance's own error hiding is switched off (`config.debug.hide_exceptions = False`) so that an
  unknown symbol, a rate limit and an unreachable network raise distinct errors, which `_translate`
  maps onto ours. Each call runs under a deadline (`Deadline`) because yfinance's cookie requests
  use their own, longer timeouts.
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import requests
import yfinance as yf
from yfinance.data import YfData
from yfinance.exceptions import (
    YFPricesMissingError,
    YFRateLimitError,
)

from pms.enums import DataSource
from pms.errors import ProviderError, ProviderUnavailable
from pms.logs import get_logger
from pms.market.adjust import (
    decimal_from_float,
    major_currency,
    split_from_ratio,
    unadjust_bars,
    unadjust_dividends,
    volume_from_float,
)
from pms.market.exchanges import asset_class_of, quote_currency_of
from pms.market.providers.base import (
    Bar,
    Dividend,
    History,
    InstrumentInfo,
    Quote,
    RatePoint,
    SplitEvent,
    UnknownSymbol,
)
from pms.market.providers.yahoo_errors import translate_error
from pms.market.resilience import Deadline, Throttle

T = TypeVar("T")
log = get_logger(__name__)

# yfinance still calls pandas APIs that pandas 3 deprecates; those warnings are not ours to fix.
warnings.filterwarnings("ignore", module=r"yfinance(\..*)?$")

#: Symbols Yahoo can know: letters, digits and . - ^ = (e.g. `BRK-B`, `^GSPC`, `EURUSD=X`, `ASML.AS`).
SYMBOL_PATTERN = re.compile(r"^[A-Za-z0-9^][A-Za-z0-9.\-=^&]{0,31}$")
#: Search results of these kinds are not instruments a portfolio holds here.
UNTRACKED_TYPES = frozenset({"OPTION"})
_configured = threading.Lock()
_cache_dir_set: list[Path] = []


def configure_yfinance(cache_dir: Path | None) -> None:
    """Process-wide yfinance settings: raise errors instead of logging them, no silent retries, and
    its small on-disk caches (time zones, cookies) in our data directory."""
    with _configured:
        yf.config.debug.hide_exceptions = False
        yf.config.network.retries = 0
        if cache_dir is not None and not _cache_dir_set:
            cache_dir.mkdir(parents=True, exist_ok=True)
            yf.set_tz_cache_location(str(cache_dir))
            _cache_dir_set.append(cache_dir)


def forget_yfinance_responses() -> None:
    """yfinance keeps raw responses of some requests in an in-process cache, failures included;
    after a failure that would answer the next attempt with the same failure."""
    YfData.cache_get.cache_clear()


def _meta(metadata: Any, key: str) -> Any:
    try:
        return metadata.get(key) if metadata is not None else None
    except Exception:
        return None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _float(value: Any) -> float | None:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def _check_symbol(symbol: str) -> str:
    if not SYMBOL_PATTERN.fullmatch(symbol):
        raise UnknownSymbol(detail=f"'{symbol[:40]}' is not a symbol the provider can know")
    return symbol.upper()


def frame_to_history(symbol: str, frame: Any, quote_currency: str | None) -> History:
    """yfinance's history frame (split-adjusted, quote currency) → as-traded `History`."""
    if not quote_currency:
        raise ProviderError(detail=f"{symbol}: the provider did not say which currency it quotes")
    currency, divisor = major_currency(quote_currency)
    bars: list[Bar] = []
    splits: list[SplitEvent] = []
    dividends: list[Dividend] = []
    seen: set[date] = set()
    dropped = 0
    columns = set(frame.columns) if frame is not None else set()
    if frame is not None and len(frame) and "Close" not in columns:
        raise ProviderError(detail=f"{symbol}: the provider's answer has no closing prices")
    records = frame.to_dict("records") if frame is not None else []
    for stamp, row in zip(list(frame.index) if frame is not None else [], records, strict=True):
        day = stamp.date()
        ratio = _float(row.get("Stock Splits"))
        if ratio:
            split = split_from_ratio(day, ratio)
            if split is not None:
                splits.append(split)
        amount = _float(row.get("Dividends"))
        if amount and amount > 0:
            value = decimal_from_float(amount)
            if value is not None:
                dividends.append(Dividend(day, value))
        close = decimal_from_float(_float(row.get("Close")))
        if day in seen:
            continue
        if close is None or close <= 0:
            dropped += 1
            continue
        seen.add(day)
        bars.append(
            Bar(
                date=day,
                close=close,
                open=decimal_from_float(_float(row.get("Open"))),
                high=decimal_from_float(_float(row.get("High"))),
                low=decimal_from_float(_float(row.get("Low"))),
                volume=volume_from_float(_float(row.get("Volume"))),
            )
        )
    notes = (f"{dropped} day(s) without a usable close were left out",) if dropped else ()
    return History(
        symbol=symbol,
        currency=currency,
        bars=tuple(unadjust_bars(bars, splits, divisor)),
        splits=tuple(splits),
        dividends=tuple(unadjust_dividends(dividends, splits, divisor)),
        notes=notes,
    )


class YahooProvider:
    """Yahoo Finance through yfinance; see the module docstring."""

    source = DataSource.YAHOO

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        timeout: float = 8.0,
        history_timeout: float = 30.0,
        throttle: Throttle | None = None,
        deadline: Deadline | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        configure_yfinance(cache_dir)
        self._session = session
        self.timeout = timeout
        self.history_timeout = history_timeout
        self._throttle = throttle or Throttle(0.5)
        self._deadline = deadline or Deadline()

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, what: str, action: Callable[[], T], seconds: float) -> T:
        self._throttle.wait()

        def guarded() -> T:
            try:
                return action()
            except Exception as exc:
                raise translate_error(exc, what) from exc

        try:
            return self._deadline.run(guarded, seconds, what)
        except (ProviderUnavailable, ProviderError):
            forget_yfinance_responses()
            raise

    def _ticker(self, symbol: str) -> yf.Ticker:
        return yf.Ticker(symbol, session=self._session)

    def _history(self, symbol: str, **kwargs: Any) -> tuple[Any, Any]:
        ticker = self._ticker(symbol)
        try:
            frame = ticker.history(
                interval="1d",
                auto_adjust=False,
                actions=True,
                repair=False,
                timeout=self.timeout,
                **kwargs,
            )
        except YFPricesMissingError as exc:
            # The symbol exists (its time zone was found) but there is nothing in the range,
            # e.g. a weekend; Yahoo says so with an error, which is not one for us.
            log.info("provider_no_prices", symbol=symbol, reason=str(exc))
            frame = None
        return frame, ticker.get_history_metadata()

    # -- the interface ---------------------------------------------------------------------

    def history(self, symbol: str, start: date, end: date | None = None) -> History:
        symbol = _check_symbol(symbol)
        what = f"{symbol} history"

        def fetch() -> History:
            frame, metadata = self._history(symbol, start=start.isoformat())
            history = frame_to_history(symbol, frame, _text(_meta(metadata, "currency")))
            if end is None:
                return history
            return History(
                symbol=history.symbol,
                currency=history.currency,
                bars=tuple(b for b in history.bars if b.date <= end),
                splits=tuple(s for s in history.splits if s.date <= end),
                dividends=tuple(d for d in history.dividends if d.date <= end),
                notes=history.notes,
            )

        return self._call(what, fetch, self.history_timeout)

    def quote(self, symbol: str) -> Quote:
        symbol = _check_symbol(symbol)

        def fetch() -> Quote:
            frame, metadata = self._history(symbol, period="5d")
            history = frame_to_history(symbol, frame, _text(_meta(metadata, "currency")))
            if not history.bars:
                raise ProviderError(detail=f"{symbol}: the provider has no recent price")
            last = history.bars[-1]
            previous = history.bars[-2].close if len(history.bars) > 1 else None
            return Quote(symbol, history.currency, last.close, last.date, previous)

        return self._call(f"{symbol} quote", fetch, self.timeout)

    def info(self, symbol: str) -> InstrumentInfo:
        symbol = _check_symbol(symbol)

        def fetch() -> InstrumentInfo:
            ticker = self._ticker(symbol)
            facts: dict[str, Any] = {}
            try:
                facts = dict(ticker.info or {})
            except YFRateLimitError:
                raise
            except Exception as exc:
                translated = translate_error(exc, f"{symbol} info")
                if isinstance(translated, ProviderUnavailable):
                    raise translated from exc
                # quoteSummary often refuses anonymous clients (401) and knows fewer symbols
                # than the chart API (404); the chart metadata has the essentials, and the chart
                # says for sure whether the symbol exists.
                log.info("provider_info_fallback", symbol=symbol, reason=str(translated))
            if not _text(facts.get("currency")):
                frame, metadata = self._history(symbol, period="5d")
                if not _text(_meta(metadata, "currency")) and (frame is None or len(frame) == 0):
                    # No prices and no metadata: the chart API has no such symbol (yfinance
                    # reports that as an empty answer rather than an error once it has cached
                    # the symbol's missing time zone).
                    raise UnknownSymbol(detail=f"{symbol}: the provider does not know this symbol")
                facts = {
                    "currency": _meta(metadata, "currency"),
                    "longName": _meta(metadata, "longName"),
                    "shortName": _meta(metadata, "shortName"),
                    "fullExchangeName": _meta(metadata, "fullExchangeName"),
                    "exchange": _meta(metadata, "exchangeName"),
                    "quoteType": _meta(metadata, "instrumentType"),
                    **{k: v for k, v in facts.items() if v is not None},
                }
            return self._info_from_facts(symbol, facts)

        return self._call(f"{symbol} info", fetch, self.timeout)

    @staticmethod
    def _info_from_facts(symbol: str, facts: dict[str, Any]) -> InstrumentInfo:
        quote_currency = _text(facts.get("currency"))
        if not quote_currency:
            raise ProviderError(
                detail=f"{symbol}: the provider did not say which currency it quotes"
            )
        return InstrumentInfo(
            symbol=symbol,
            name=_text(facts.get("longName")) or _text(facts.get("shortName")),
            currency=major_currency(quote_currency)[0],
            exchange=_text(facts.get("fullExchangeName")) or _text(facts.get("exchange")),
            asset_class=asset_class_of(_text(facts.get("quoteType"))),
            sector=_text(facts.get("sector")),
            country=_text(facts.get("country")),
        )

    def lookup(self, query: str) -> list[InstrumentInfo]:
        query = query.strip()
        if not query:
            return []

        def fetch() -> list[InstrumentInfo]:
            search = yf.Search(
                query,
                max_results=10,
                news_count=0,
                lists_count=0,
                include_cb=False,
                recommended=0,
                session=self._session,
                timeout=self.timeout,
                raise_errors=True,
            )
            return [c for c in (self._candidate(q) for q in search.quotes) if c is not None]

        return self._call("symbol search", fetch, self.timeout)

    @staticmethod
    def _candidate(item: dict[str, Any]) -> InstrumentInfo | None:
        symbol = _text(item.get("symbol"))
        quote_type = (_text(item.get("quoteType")) or "").upper()
        if symbol is None or not SYMBOL_PATTERN.fullmatch(symbol) or quote_type in UNTRACKED_TYPES:
            return None
        exchange_code = _text(item.get("exchange"))
        quote_currency = quote_currency_of(symbol, exchange_code)
        return InstrumentInfo(
            symbol=symbol.upper(),
            name=_text(item.get("longname")) or _text(item.get("shortname")),
            currency=major_currency(quote_currency)[0] if quote_currency else None,
            exchange=_text(item.get("exchDisp")) or exchange_code,
            asset_class=asset_class_of(quote_type),
            sector=_text(item.get("sectorDisp")) or _text(item.get("sector")),
            country=None,
        )

    def fx_history(
        self, base: str, quote: str, start: date, end: date | None = None
    ) -> list[RatePoint]:
        base, quote = base.upper(), quote.upper()
        if not (re.fullmatch(r"[A-Z]{3}", base) and re.fullmatch(r"[A-Z]{3}", quote)):
            raise UnknownSymbol(detail=f"{base}/{quote} is not a currency pair")
        history = self.history(f"{base}{quote}=X", start, end)
        return [RatePoint(bar.date, bar.close) for bar in history.bars]
