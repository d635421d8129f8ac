"""The `manual` provider: what a user entered by hand (or uploaded as CSV), read back through the
same interface as a remote provider. It never fails for want of a network; it knows only the
owner's own manual instruments and the stored exchange rates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pms.db.models import FxRate, Instrument, Price, Split
from pms.enums import AssetClass, DataSource
from pms.market.providers.base import (
    Bar,
    History,
    InstrumentInfo,
    Quote,
    RatePoint,
    SplitEvent,
    UnknownSymbol,
)

MAX_LOOKUP_RESULTS = 20


class ManualProvider:
    source = DataSource.MANUAL

    def __init__(self, session: Session, owner_id: int) -> None:
        self._session = session
        self._owner_id = owner_id

    def _instrument(self, symbol: str) -> Instrument:
        instrument = self._session.scalar(
            select(Instrument).where(
                Instrument.data_source == DataSource.MANUAL,
                Instrument.owner_id == self._owner_id,
                func.upper(Instrument.symbol) == symbol.upper(),
            )
        )
        if instrument is None:
            raise UnknownSymbol(detail=f"no manual instrument '{symbol}'")
        return instrument

    def history(self, symbol: str, start: date, end: date | None = None) -> History:
        instrument = self._instrument(symbol)
        prices = select(Price).where(Price.instrument_id == instrument.id, Price.date >= start)
        splits = select(Split).where(Split.instrument_id == instrument.id, Split.date >= start)
        if end is not None:
            prices = prices.where(Price.date <= end)
            splits = splits.where(Split.date <= end)
        return History(
            symbol=instrument.symbol,
            currency=instrument.currency,
            bars=tuple(
                Bar(p.date, p.close, p.open, p.high, p.low, p.volume)
                for p in self._session.scalars(prices.order_by(Price.date))
            ),
            splits=tuple(
                SplitEvent(s.date, s.numerator, s.denominator)
                for s in self._session.scalars(splits.order_by(Split.date))
            ),
        )

    def quote(self, symbol: str) -> Quote:
        instrument = self._instrument(symbol)
        last_two = self._session.scalars(
            select(Price)
            .where(Price.instrument_id == instrument.id)
            .order_by(Price.date.desc())
            .limit(2)
        ).all()
        if not last_two:
            raise UnknownSymbol(detail=f"no price entered for '{symbol}' yet")
        previous = last_two[1].close if len(last_two) > 1 else None
        return Quote(
            instrument.symbol, instrument.currency, last_two[0].close, last_two[0].date, previous
        )

    def lookup(self, query: str) -> list[InstrumentInfo]:
        pattern = f"%{query.strip().lower()}%"
        found = self._session.scalars(
            select(Instrument)
            .where(
                Instrument.data_source == DataSource.MANUAL,
                Instrument.owner_id == self._owner_id,
                or_(
                    func.lower(Instrument.symbol).like(pattern),
                    func.lower(Instrument.name).like(pattern),
                ),
            )
            .order_by(Instrument.symbol)
            .limit(MAX_LOOKUP_RESULTS)
        )
        return [self._info(i) for i in found]

    def info(self, symbol: str) -> InstrumentInfo:
        return self._info(self._instrument(symbol))

    @staticmethod
    def _info(instrument: Instrument) -> InstrumentInfo:
        return InstrumentInfo(
            symbol=instrument.symbol,
            name=instrument.name,
            currency=instrument.currency,
            exchange=instrument.exchange,
            asset_class=AssetClass(instrument.asset_class),
            sector=instrument.sector,
            country=instrument.country,
            isin=instrument.isin,
            data_source=DataSource.MANUAL,
        )

    def fx_history(
        self, base: str, quote: str, start: date, end: date | None = None
    ) -> list[RatePoint]:
        query = select(FxRate).where(
            FxRate.base == base.upper(), FxRate.quote == quote.upper(), FxRate.date >= start
        )
        if end is not None:
            query = query.where(FxRate.date <= end)
        return [
            RatePoint(r.date, r.rate) for r in self._session.scalars(query.order_by(FxRate.date))
        ]
