"""The provider used when `PMS_MARKET_OFFLINE` is set: it never touches the network."""

from __future__ import annotations

from datetime import date
from typing import NoReturn

from pms.enums import DataSource
from pms.market.providers.base import History, InstrumentInfo, OfflineMode, Quote, RatePoint


def _refuse(what: str) -> NoReturn:
    raise OfflineMode(
        detail=f"{what}: the market data provider is switched off (PMS_MARKET_OFFLINE); "
        "enter prices by hand or upload a CSV",
        headers={"Retry-After": "3600"},
    )


class OfflineProvider:
    source = DataSource.YAHOO

    def history(self, symbol: str, start: date, end: date | None = None) -> History:
        _refuse(f"{symbol} history")

    def quote(self, symbol: str) -> Quote:
        _refuse(f"{symbol} quote")

    def lookup(self, query: str) -> list[InstrumentInfo]:
        _refuse("symbol search")

    def info(self, symbol: str) -> InstrumentInfo:
        _refuse(f"{symbol} info")

    def fx_history(
        self, base: str, quote: str, start: date, end: date | None = None
    ) -> list[RatePoint]:
        _refuse(f"{base}/{quote} rates")
