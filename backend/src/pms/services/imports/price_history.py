"""A price history imported into one instrument (prices-csv): each day's close checked, turned back
into the as-traded price when the file's are split-adjusted, and stored over the instrument's own
where it differs (a day already stored with the same values is a duplicate)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import Instrument, Price, Split
from pms.db.upsert import upsert_rows
from pms.errors import FieldError
from pms.services.imports.booking import CHUNK_ROWS
from pms.services.imports.checking import date_problem
from pms.services.imports.locale_values import quantize
from pms.services.imports.records import PriceDraft
from pms.services.imports.report import RowReport, RowStatus, Tally, price_view

_COLUMNS = ("close", "open", "high", "low", "volume")


class PriceHistory:
    def __init__(
        self, session: Session, target: Instrument, tally: Tally, *, split_adjusted: bool
    ) -> None:
        self.session = session
        self.target = target
        self.tally = tally
        self.split_adjusted = split_adjusted
        self.splits = [
            (s.date, Decimal(s.numerator) / Decimal(s.denominator))
            for s in session.scalars(select(Split).where(Split.instrument_id == target.id))
        ]
        #: The file's last date: splits after it are not in its adjusted closes.
        self.last_date: date | None = None
        self.pending: list[tuple[RowReport, PriceDraft]] = []
        #: The line each date was read at.
        self.dates: dict[date, int] = {}
        self.written = False

    def add(self, report: RowReport, drafts: list[PriceDraft]) -> None:
        """Check a row's prices; errors go to `report`, a clean row is counted new and queued."""
        for draft in drafts:
            if draft.close < 0:
                report.errors.append(FieldError("close", "must not be negative", "negative"))
            problem = date_problem(draft.date)
            if problem:
                report.errors.append(FieldError("date", problem, "date"))
            earlier = self.dates.get(draft.date)
            if earlier is not None:
                report.errors.append(
                    FieldError(
                        "date",
                        f"{draft.date.isoformat()} appears at line {earlier} already",
                        "duplicate",
                    )
                )
        if report.errors:
            return
        for draft in drafts:
            self.dates[draft.date] = report.line
            self.pending.append((report, self.as_traded(draft)))
        report.prices = [price_view(self.as_traded(d)) for d in drafts]
        self.tally.new(report)
        if len(self.pending) >= CHUNK_ROWS:
            self.flush()

    def as_traded(self, draft: PriceDraft) -> PriceDraft:
        if not self.split_adjusted or not self.splits:
            return draft
        factor = Decimal(1)
        for split_date, ratio in self.splits:
            if draft.date < split_date and (self.last_date is None or split_date <= self.last_date):
                factor *= ratio
        if factor == 1:
            return draft

        def scaled(value: Decimal | None) -> Decimal | None:
            return None if value is None else quantize(value * factor)

        volume = None if draft.volume is None else quantize(draft.volume / factor, Decimal(1))
        return PriceDraft(
            draft.date,
            scaled(draft.close) or Decimal(0),
            scaled(draft.open),
            scaled(draft.high),
            scaled(draft.low),
            volume,
        )

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        dates = [d.date for _, d in batch]
        stored = {
            p.date: p
            for p in self.session.scalars(
                select(Price).where(Price.instrument_id == self.target.id, Price.date.in_(dates))
            )
        }
        rows = []
        for report, draft in batch:
            old = stored.get(draft.date)
            if old is not None:
                same = all(
                    _same(getattr(old, c), getattr(draft, c))
                    for c in _COLUMNS
                    if getattr(draft, c) is not None
                )
                if same:
                    self.tally.move(report, RowStatus.DUPLICATE)
                    continue
                self.tally.move(report, RowStatus.UPDATE)
            rows.append(
                {"instrument_id": self.target.id, "date": draft.date, "source": "manual"}
                | {
                    c: getattr(draft, c) if getattr(draft, c) is not None else getattr(old, c, None)
                    for c in _COLUMNS
                }
            )
        if rows:
            upsert_rows(
                self.session,
                Price.__table__,  # type: ignore[arg-type]
                rows,
                keys=("instrument_id", "date"),
                update=(*_COLUMNS, "source"),
            )
            self.tally.report.counts.prices += len(rows)
            self.written = True


def _same(stored: Decimal | None, given: Decimal | None) -> bool:
    return stored is not None and given is not None and stored == given
