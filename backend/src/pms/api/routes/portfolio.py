"""The portfolio reports (ARCHITECTURE §4): summary, holdings, open lots, performance, allocation,
income and realized gains of the signed-in user, narrowed to some accounts and in any currency.

Each answer is cached as the bytes sent (`pms.services.portfolio.caching`), so the routes return a
`Response` with the body; `response_model` documents its shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from pms.analytics import Performance
from pms.analytics.caveats import Caveat
from pms.api.deps import CacheDep, CurrentUser, MarketDep, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.health import (
    HealthCounts,
    HealthFixPublic,
    HealthItemPublic,
    HealthReportPublic,
    SuggestedSplitPublic,
)
from pms.api.schemas.market import StaleInstrumentPublic
from pms.api.schemas.portfolio import (
    AllocationList,
    AllocationSlicePublic,
    BenchmarkPointPublic,
    BenchmarkPublic,
    CashHoldingPublic,
    ExplainPublic,
    ExplainRowPublic,
    HoldingList,
    HoldingPublic,
    IncomeList,
    IncomeRowPublic,
    LotList,
    LotPublic,
    PerformancePublic,
    PositionList,
    PositionPublic,
    RealizedGainPublic,
    RealizedList,
    ReportWarning,
    SeriesPointPublic,
    SummaryPublic,
    TaxAccountTotalsPublic,
    TaxCountryPublic,
    TaxGainTotalsPublic,
    TaxIncomePublic,
    TaxIncomeTotalsPublic,
    TaxRealizedPublic,
    TaxReportPublic,
    TaxTermTotalsPublic,
    WashSalePurchasePublic,
)
from pms.cache import Cache
from pms.errors import ValidationFailed
from pms.services import portfolio
from pms.services.exports import tax_files
from pms.services.exports.csv_files import holdings_csv, lots_csv, realized_csv
from pms.services.portfolio import AllocationKey, HoldingsGroup, IncomeGroup, NamedRange, Scope, tax
from pms.services.portfolio import health as data_health

router = APIRouter(
    prefix="/portfolio", tags=["portfolio"], responses=problem_responses(401, 404, 409, 422)
)

JSON = "application/json"
CSV = "text/csv"

Id = Annotated[int, Query(ge=1, le=2_147_483_647)]
AccountIds = Annotated[
    list[Id] | None,
    Query(description="Only these accounts (repeat the parameter for several); all by default"),
]
ReportCurrency = Annotated[
    str | None,
    Query(description="ISO 4217 code to report in; the user's base currency by default"),
]
AsOf = Annotated[date | None, Query(description="At the close of this day; today by default")]
From = Annotated[date | None, Query(alias="from", description="First day (F), exclusive")]
To = Annotated[date | None, Query(alias="to", description="Last day (T); today by default")]


Range = Annotated[
    NamedRange | None,
    Query(alias="range", description="A period ending at `to` (MAX when neither it nor `from`)"),
]


def _period(
    named: NamedRange | None, start: date | None, end: date | None, today: date
) -> tuple[NamedRange | None, date | None, date]:
    """A named range or `from` (MAX when neither), and `to` (today by default), checked."""
    if named is not None and start is not None:
        raise ValidationFailed.for_field("from", "give either 'range' or 'from', not both", "range")
    first, last = portfolio.date_range(start, end, today)
    if first is None and named is None:
        named = NamedRange.MAX
    return named, first, last


def _json(
    cache: Cache,
    session: Session,
    scope: Scope,
    endpoint: str,
    parameters: dict[str, Any],
    produce: Callable[[], BaseModel],
) -> Response:
    body = portfolio.cached_response(
        cache,
        session,
        scope.user_id,
        endpoint,
        scope.parameters() | parameters,
        lambda: produce().model_dump_json().encode(),
    )
    return Response(content=body, media_type=JSON)


def _table(
    request: Request,
    output: str | None,
    cache: Cache,
    session: Session,
    scope: Scope,
    endpoint: str,
    parameters: dict[str, Any],
    produce: Callable[[], Any],
    render: Callable[[Any], str],
    filename: str,
) -> Response:
    """A report of rows: JSON, or a CSV attachment (`render` of the JSON's items) when asked."""
    if not _wants_csv(request, output):
        return _json(cache, session, scope, endpoint, parameters, produce)
    body = portfolio.cached_response(
        cache,
        session,
        scope.user_id,
        f"{endpoint}.csv",
        scope.parameters() | parameters,
        lambda: render(item.model_dump() for item in produce().items).encode(),
    )
    return _csv_attachment(body, filename)


@router.get("/summary", response_model=SummaryPublic)
def summary(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    as_of: AsOf = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    day = portfolio.report_date(as_of, market.today(), "as_of")

    def produce() -> SummaryPublic:
        report = portfolio.summary(session, scope, day)
        result = report.summary
        return SummaryPublic(
            as_of=result.as_of,
            currency=result.currency,
            market_value=result.market_value,
            cost_basis=result.cost_basis,
            cash=result.cash,
            unrealized_gain=result.unrealized_gain,
            realized_gain=result.realized_gain,
            income=result.income,
            fees=result.fees,
            taxes=result.taxes,
            net_invested=result.net_invested,
            twr=result.twr,
            mwr=result.mwr,
            day_change=result.day_change,
            day_change_date=result.day_change_date,
            stale=[
                StaleInstrumentPublic(
                    instrument_id=s.instrument_id,
                    symbol=s.symbol,
                    last_date=s.last_date,
                    reason=s.reason,
                    message=s.message,
                )
                for s in report.stale
            ],
            warnings=_warnings(report.caveats),
        )

    return _json(cache, session, scope, "summary", {"as_of": day}, produce)


_CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rows as JSON, or as CSV with `format=csv` or `Accept: text/csv`",
        "content": {CSV: {"schema": {"type": "string"}}},
    }
}


def _warnings(caveats: Sequence[Caveat]) -> list[ReportWarning]:
    """The caveats as sent, each once."""
    result: list[ReportWarning] = []
    seen: set[tuple[object, ...]] = set()
    for caveat in caveats:
        key = (caveat.code, caveat.instrument_id, caveat.account_id, caveat.pair, caveat.message)
        if key in seen:
            continue
        seen.add(key)
        result.append(
            ReportWarning(
                code=caveat.code,
                message=caveat.message,
                instrument_id=caveat.instrument_id,
                account_id=caveat.account_id,
                pair=caveat.pair,
                since=caveat.since,
                days=caveat.days,
                amount=caveat.amount,
                currency=caveat.currency,
            )
        )
    return result


def _performance_warnings(result: Performance, caveats: Sequence[Caveat]) -> list[ReportWarning]:
    return _return_warnings(result.return_days_skipped, caveats)


def _return_warnings(skipped: int, caveats: Sequence[Caveat]) -> list[ReportWarning]:
    warnings = _warnings(caveats)
    if skipped:
        warnings.append(
            ReportWarning(
                code="return_days_skipped",
                message=f"{skipped} {'day' if skipped == 1 else 'days'} of the period started "
                "from a value of zero or below (tracked cash below zero, or a history without its "
                "deposits): no return can be measured for them and they count as 0 %",
                days=skipped,
            )
        )
    return warnings


@router.get("/holdings", response_model=HoldingList, responses=_CSV_RESPONSE)
def holdings(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    as_of: AsOf = None,
    group: Annotated[
        HoldingsGroup,
        Query(description="One row per position (account, instrument) or per instrument"),
    ] = HoldingsGroup.POSITION,
    output: Annotated[
        Literal["json", "csv"] | None,
        Query(alias="format", description="`csv` for a spreadsheet (also `Accept: text/csv`)"),
    ] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    day = portfolio.report_date(as_of, market.today(), "as_of")
    parameters: dict[str, Any] = {"as_of": day, "group": group}

    def produce() -> HoldingList:
        report = portfolio.holdings(session, scope, day, group)
        rows, cash = report.result
        items = [HoldingPublic.model_validate(row) for row in rows]
        return HoldingList(
            as_of=day,
            currency=scope.currency,
            items=items,
            total=len(items),
            cash=[CashHoldingPublic.model_validate(row) for row in cash],
            warnings=_warnings(report.caveats),
        )

    return _table(
        request,
        output,
        cache,
        session,
        scope,
        "holdings",
        parameters,
        produce,
        holdings_csv,
        f"holdings-{day.isoformat()}.csv",
    )


@router.get("/lots", response_model=LotList, responses=_CSV_RESPONSE)
def lots(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    as_of: AsOf = None,
    instrument_id: Annotated[
        int | None,
        Query(ge=1, le=2_147_483_647, description="Only the lots of this instrument"),
    ] = None,
    unrealized: Annotated[
        Literal["loss", "gain"] | None,
        Query(
            description="`loss`: only lots below their cost, the largest loss first (what "
            "selling could realize: loss harvesting); `gain`: only lots above it"
        ),
    ] = None,
    wash_sale: Annotated[
        bool,
        Query(
            description="List, for each lot at a loss, the purchases of its instrument within "
            "30 days before or after as_of that would make a sale a wash sale (US; reported, "
            "not enforced)"
        ),
    ] = False,
    output: Annotated[
        Literal["json", "csv"] | None,
        Query(alias="format", description="`csv` for a spreadsheet (also `Accept: text/csv`)"),
    ] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    day = portfolio.report_date(as_of, market.today(), "as_of")

    def produce() -> LotList:
        report = portfolio.lots(
            session, scope, day, instrument_id, unrealized=unrealized, wash_sale=wash_sale
        )
        items = [
            LotPublic.model_validate(
                {
                    **{f: getattr(view.lot, f) for f in view.lot.__dataclass_fields__},
                    "term": view.term,
                    "wash_sale_purchases": None
                    if view.wash_sale_purchases is None
                    else [
                        WashSalePurchasePublic(
                            transaction_id=tx.id,
                            account_id=tx.account_id,
                            date=tx.date,
                            quantity=tx.quantity,
                        )
                        for tx in view.wash_sale_purchases
                    ],
                }
            )
            for view in report.result
        ]
        return LotList(
            as_of=day,
            currency=scope.currency,
            method=scope.method.value,
            items=items,
            total=len(items),
            warnings=_warnings(report.caveats),
        )

    parameters = {
        "as_of": day,
        "instrument_id": instrument_id,
        "unrealized": unrealized,
        "wash_sale": wash_sale,
    }
    return _table(
        request,
        output,
        cache,
        session,
        scope,
        "lots",
        parameters,
        produce,
        lots_csv,
        f"lots-{day.isoformat()}.csv",
    )


@router.get("/performance", response_model=PerformancePublic)
def performance(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    named: Range = None,
    start: From = None,
    end: To = None,
    benchmark: Annotated[
        int | None,
        Query(ge=1, le=2_147_483_647, description="An instrument id: adds its series and beta"),
    ] = None,
    instrument_id: Annotated[
        int | None,
        Query(
            ge=1,
            le=2_147_483_647,
            description="One holding as a portfolio of its own: its buys and transfers in are "
            "inflows, its sales, transfers out and dividends (net) outflows",
        ),
    ] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    named, first, last = _period(named, start, end, market.today())

    def produce() -> PerformancePublic:
        report = portfolio.performance(
            session,
            scope,
            named=named,
            start=first,
            end=last,
            benchmark=benchmark,
            instrument_id=instrument_id,
        )
        result = report.performance
        series = result.series
        bench = None
        if result.benchmark is not None and report.benchmark_symbol is not None:
            bench = BenchmarkPublic(
                instrument_id=result.benchmark.instrument_id,
                symbol=report.benchmark_symbol,
                series=[
                    BenchmarkPointPublic(date=day, value=value)
                    for day, value in result.benchmark.points()
                ],
            )
        return PerformancePublic(
            start=result.start,
            end=result.end,
            currency=result.currency,
            twr=result.twr,
            twr_annualized=result.twr_annualized,
            mwr=result.mwr,
            absolute_gain=result.absolute_gain,
            volatility=result.volatility,
            sharpe=result.sharpe,
            sortino=result.sortino,
            max_drawdown=result.max_drawdown,
            max_drawdown_peak=result.max_drawdown_peak,
            max_drawdown_trough=result.max_drawdown_trough,
            beta=result.beta,
            series=[
                SeriesPointPublic(
                    date=p.date,
                    value=p.value,
                    net_invested=p.net_invested,
                    twr_index=p.twr_index,
                    drawdown=p.drawdown,
                )
                for p in series.points()
            ],
            benchmark=bench,
            warnings=_performance_warnings(result, report.caveats),
        )

    parameters = {
        "range": named,
        "from": first,
        "to": last,
        "benchmark": benchmark,
        "instrument_id": instrument_id,
    }
    return _json(cache, session, scope, "performance", parameters, produce)


@router.get(
    "/positions",
    response_model=PositionList,
    summary="Every position ever held, open or closed, with what it earned",
)
def positions(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    as_of: AsOf = None,
    status: Annotated[
        Literal["open", "closed", "all"],
        Query(description="`closed`: sold or transferred out entirely; `open`: still held"),
    ] = "all",
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    day = portfolio.report_date(as_of, market.today(), "as_of")

    def produce() -> PositionList:
        report = portfolio.position_list(session, scope, day)
        items = [
            PositionPublic(
                instrument_id=row.instrument_id,
                symbol=symbol,
                status="open" if row.is_open else "closed",
                quantity=row.quantity,
                first_trade=row.first_trade,
                last_trade=row.last_trade,
                bought=row.bought,
                sold=row.sold,
                income=row.income,
                fees=row.fees,
                taxes=row.taxes,
                realized_gain=row.realized_gain,
                cost_basis=row.cost_basis,
                market_value=row.market_value,
                unrealized_gain=row.unrealized_gain,
                twr=row.twr,
                mwr=row.mwr,
            )
            for row, symbol in report.result
            if status == "all" or (status == "open") == row.is_open
        ]
        return PositionList(
            as_of=day,
            currency=scope.currency,
            status=status,
            items=items,
            total=len(items),
            warnings=_warnings(report.caveats),
        )

    parameters = {"as_of": day, "status": status}
    return _json(cache, session, scope, "positions", parameters, produce)


@router.get(
    "/explain",
    response_model=ExplainPublic,
    responses=problem_responses(404),
    summary="Where the period's gain comes from: flows, income, fees, taxes, prices and rates",
)
def explain(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    named: Range = None,
    start: From = None,
    end: To = None,
    instrument_id: Annotated[
        int | None,
        Query(
            ge=1,
            le=2_147_483_647,
            description="One holding, as a portfolio of its own (open or closed)",
        ),
    ] = None,
    detail: Annotated[
        Literal["instrument"] | None,
        Query(description="`instrument`: add the parts of each holding and of cash"),
    ] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    named, first, last = _period(named, start, end, market.today())

    def produce() -> ExplainPublic:
        report = portfolio.explain(
            session, scope, named=named, start=first, end=last, instrument_id=instrument_id
        )
        bridge = report.bridge
        rows = None
        if detail == "instrument":
            rows = [
                ExplainRowPublic(
                    instrument_id=row.instrument_id,
                    label="Cash"
                    if row.instrument_id is None
                    else report.symbols[row.instrument_id],
                    start_value=row.start_value,
                    end_value=row.end_value,
                    net_flows=row.net_flows,
                    income=row.income,
                    fees=row.fees,
                    taxes=row.taxes,
                    price_effect=row.price_effect,
                    currency_effect=row.currency_effect,
                    absolute_gain=row.absolute_gain,
                )
                for row in bridge.rows
            ]
        return ExplainPublic(
            start=bridge.start,
            end=bridge.end,
            currency=bridge.currency,
            instrument_id=bridge.instrument_id,
            start_value=bridge.start_value,
            end_value=bridge.end_value,
            inflows=bridge.inflows,
            outflows=bridge.outflows,
            net_flows=bridge.net_flows,
            income=bridge.income,
            fees=bridge.fees,
            taxes=bridge.taxes,
            price_effect=bridge.price_effect,
            currency_effect=bridge.currency_effect,
            absolute_gain=bridge.absolute_gain,
            twr=bridge.twr,
            mwr=bridge.mwr,
            by_instrument=rows,
            warnings=_return_warnings(bridge.return_days_skipped, report.caveats),
        )

    parameters = {
        "range": named,
        "from": first,
        "to": last,
        "instrument_id": instrument_id,
        "detail": detail,
    }
    return _json(cache, session, scope, "explain", parameters, produce)


@router.get("/allocation", response_model=AllocationList)
def allocation(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    as_of: AsOf = None,
    by: Annotated[
        AllocationKey, Query(description="What to group the value by")
    ] = AllocationKey.ASSET_CLASS,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    day = portfolio.report_date(as_of, market.today(), "as_of")

    def produce() -> AllocationList:
        report = portfolio.allocation(session, scope, day, by)
        items = [
            AllocationSlicePublic(
                key=s.slice.key,
                label=s.label,
                market_value=s.slice.market_value,
                weight=s.slice.weight,
            )
            for s in report.result
        ]
        return AllocationList(
            as_of=day,
            currency=scope.currency,
            by=by.value,
            items=items,
            total=len(items),
            warnings=_warnings(report.caveats),
        )

    return _json(cache, session, scope, "allocation", {"as_of": day, "by": by}, produce)


@router.get("/income", response_model=IncomeList)
def income(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    group: Annotated[IncomeGroup, Query(description="Per month or per year")] = IncomeGroup.MONTH,
    start: Annotated[date | None, Query(alias="from", description="First day, inclusive")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day; today by default")] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    first, last = portfolio.date_range(start, end, market.today())

    def produce() -> IncomeList:
        report = portfolio.income(session, scope, group, first, last)
        items = [IncomeRowPublic.model_validate(row) for row in report.result]
        return IncomeList(
            currency=scope.currency,
            group=group.value,
            items=items,
            total=len(items),
            warnings=_warnings(report.caveats),
        )

    parameters = {"group": group, "from": first, "to": last}
    return _json(cache, session, scope, "income", parameters, produce)


@router.get("/realized", response_model=RealizedList, responses=_CSV_RESPONSE)
def realized(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    year: Annotated[
        int | None, Query(description="Sales of this calendar year; every year by default")
    ] = None,
    output: Annotated[
        Literal["json", "csv"] | None,
        Query(alias="format", description="`csv` for a spreadsheet (also `Accept: text/csv`)"),
    ] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    today = market.today()
    year = portfolio.report_year(year, today)
    end = portfolio.realized_end(year, today)

    def produce() -> RealizedList:
        report = portfolio.realized(session, scope, year, end)
        items = [RealizedGainPublic.model_validate(row) for row in report.result]
        return RealizedList(
            year=year,
            currency=scope.currency,
            items=items,
            total=len(items),
            warnings=_warnings(report.caveats),
        )

    parameters = {"year": year, "to": end}
    return _table(
        request,
        output,
        cache,
        session,
        scope,
        "realized",
        parameters,
        produce,
        lambda rows: realized_csv(rows, scope.currency),
        f"realized-{year}.csv" if year is not None else "realized.csv",
    )


@router.get(
    "/health",
    response_model=HealthReportPublic,
    summary="What makes your figures doubtful: data problems, each with where to fix it",
    description="Checks the ledger and the market data it is valued with (docs/analytics.md, "
    "Data health): negative cash, positions valued at a trade price or a stale close, exchange "
    "rates missing or carried forward, jumps in the closes that look like unrecorded splits, "
    "unmatched transfer legs, dividends of instruments not held, likely duplicates. Each item "
    "has a stable `code`, a `severity` and a `fix`: an instruction and the path of the web app's "
    "page where it is done.",
)
def health(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    as_of: AsOf = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=None)
    day = portfolio.report_date(as_of, market.today(), "as_of")

    def produce() -> HealthReportPublic:
        report = data_health.report(session, scope, day)
        counts = report.counts()
        items = [
            HealthItemPublic(
                code=f.code.value,
                severity=f.severity.value,
                message=f.message,
                account_id=f.account_id,
                instrument_id=f.instrument_id,
                transaction_ids=list(f.transaction_ids),
                since=f.since,
                currency=f.currency,
                day=f.day,
                amount=f.amount,
                split=None
                if f.split is None
                else SuggestedSplitPublic(
                    date=f.split.date,
                    numerator=f.split.numerator,
                    denominator=f.split.denominator,
                ),
                fix=HealthFixPublic(text=f.fix.text, path=f.fix.path),
            )
            for f in report.findings
        ]
        return HealthReportPublic(
            as_of=report.as_of,
            currency=report.currency,
            counts=HealthCounts(
                error=counts[data_health.Severity.ERROR],
                warning=counts[data_health.Severity.WARNING],
                info=counts[data_health.Severity.INFO],
            ),
            items=items,
            total=len(items),
        )

    return _json(cache, session, scope, "health", {"as_of": day}, produce)


@router.get(
    "/tax-report",
    response_model=TaxReportPublic,
    responses={
        200: {
            "content": {
                "application/json": {},
                "text/csv": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            }
        },
        **problem_responses(404),
    },
    summary="What a tax return needs of a tax year: realized lots by term, income, fees, taxes",
)
def tax_report(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    account_id: AccountIds = None,
    currency: ReportCurrency = None,
    year: Annotated[
        int | None,
        Query(
            description="The tax year that starts in this year on your tax_year_start "
            "(the current tax year when neither this nor from/to is given)"
        ),
    ] = None,
    start: From = None,
    end: To = None,
    output: Annotated[
        Literal["json", "csv", "pdf"] | None,
        Query(alias="format", description="`csv` for a spreadsheet, `pdf` for a document"),
    ] = None,
) -> Response:
    scope = portfolio.scope_for(user, account_ids=account_id, currency=currency)
    today = market.today()
    if start is not None:
        portfolio.report_date(start, today, "from")
    if end is not None:
        portfolio.report_date(end, today, "to")
    first, last, tax_year = tax.period(year, start, end, user.tax_year_start, today)
    parameters = {"from": first, "to": last, "year": tax_year}

    def build() -> tax.TaxReport:
        return tax.tax_report(session, scope, start=first, end=last, year=tax_year)

    name = f"tax-report-{tax_year if tax_year is not None else f'{first}-{last}'}"
    if output == "csv":
        body = portfolio.cached_response(
            cache,
            session,
            scope.user_id,
            "tax-report.csv",
            scope.parameters() | parameters,
            lambda: tax_files.tax_csv(build()).encode(),
        )
        return _csv_attachment(body, f"{name}.csv")
    if output == "pdf":
        body = portfolio.cached_response(
            cache,
            session,
            scope.user_id,
            "tax-report.pdf",
            scope.parameters() | parameters,
            lambda: tax_files.tax_pdf(build(), user.username, today),
        )
        return Response(
            content=body,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )

    def produce() -> TaxReportPublic:
        report = build()
        return TaxReportPublic(
            start=report.start,
            end=report.end,
            year=report.year,
            currency=report.currency,
            long_term_days=report.long_term_days,
            totals=TaxGainTotalsPublic(**vars(report.total)),
            by_term=[
                TaxTermTotalsPublic(term=term, **vars(sums))
                for term, sums in report.by_term.items()
            ],
            by_account=[
                TaxAccountTotalsPublic(
                    account_id=account_id,
                    account=label,
                    **vars(sums),
                    short_gain=terms.get("short", tax.GainTotals()).gain,
                    long_gain=terms.get("long", tax.GainTotals()).gain,
                )
                for account_id, (label, sums, terms) in report.by_account.items()
            ],
            realized=[
                TaxRealizedPublic(
                    instrument_id=line.row.instrument_id,
                    symbol=line.row.symbol,
                    isin=line.isin,
                    name=line.name,
                    account_id=line.row.account_id,
                    account=line.account,
                    lot_id=line.row.lot_id,
                    acquired=line.row.acquired,
                    sold=line.row.sold,
                    quantity=line.row.quantity,
                    proceeds=line.row.proceeds,
                    cost=line.row.cost,
                    gain=line.row.gain,
                    holding_days=line.row.holding_days,
                    term=line.row.term,
                )
                for line in report.realized
            ],
            income=[
                TaxIncomePublic(
                    instrument_id=line.instrument_id,
                    symbol=line.symbol,
                    name=line.name,
                    country=line.country,
                    gross=line.totals.gross,
                    withholding=line.totals.withholding,
                    net=line.totals.net,
                )
                for line in report.income
            ],
            income_by_country=[
                TaxCountryPublic(
                    country=country, gross=paid.gross, withholding=paid.withholding, net=paid.net
                )
                for country, paid in report.income_by_country.items()
            ],
            income_totals=TaxIncomeTotalsPublic(
                gross=report.income_total.gross,
                withholding=report.income_total.withholding,
                net=report.income_total.net,
            ),
            fees=report.fees,
            taxes=report.taxes,
            warnings=_warnings(report.caveats),
        )

    return _json(cache, session, scope, "tax-report", parameters, produce)


def _wants_csv(request: Request, output: str | None) -> bool:
    return output == "csv" or (output is None and CSV in request.headers.get("accept", ""))


def _csv_attachment(body: bytes, name: str) -> Response:
    return Response(
        content=body,
        media_type=f"{CSV}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
