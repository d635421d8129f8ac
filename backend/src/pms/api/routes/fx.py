from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query

from pms.api.deps import CacheDep, CurrentUser, MarketDep, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.fx import (
    CoveragePublic,
    FxNeedList,
    FxNeedPublic,
    FxRateIn,
    FxRateList,
    FxRatePublic,
    OwnRateList,
    OwnRatePublic,
)
from pms.currencies import is_currency
from pms.errors import FieldError, ValidationFailed
from pms.services import fx_needs, fx_rates
from pms.services.portfolio import scope_for

router = APIRouter(prefix="/fx-rates", tags=["fx-rates"], responses=problem_responses(401, 422))

MAX_RATE_ROWS = 50_000
CurrencyPath = Annotated[str, Path(min_length=3, max_length=3, examples=["EUR"])]


def _pair(base: str, quote: str) -> tuple[str, str]:
    base, quote = base.upper(), quote.upper()
    errors = [
        FieldError(name, f"'{code}' is not an ISO 4217 currency code", "currency")
        for name, code in (("base", base), ("quote", quote))
        if not is_currency(code)
    ]
    if errors:
        raise ValidationFailed(
            detail="; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors
        )
    fx_rates.check_pair(base, quote)
    return base, quote


@router.get(
    "/needed",
    response_model=FxNeedList,
    summary="The rates your portfolio needs, each with its source and coverage",
)
def needed(
    user: CurrentUser,
    session: SessionDep,
    market: MarketDep,
    currency: Annotated[
        str | None, Query(description="Reporting currency; your base currency by default")
    ] = None,
) -> FxNeedList:
    scope = scope_for(user, account_ids=None, currency=currency)
    items = fx_needs.needs(session, user, scope.currency, market.today())
    return FxNeedList(
        currency=scope.currency,
        items=[
            FxNeedPublic(
                currency=n.currency,
                pair=n.pair,
                rate=n.rate,
                rate_date=n.rate_date,
                source=n.source,
                stored=None if n.stored is None else CoveragePublic.model_validate(n.stored),
                stored_source=n.stored_source,
                own=None if n.own is None else CoveragePublic.model_validate(n.own),
                ecb=None if n.ecb is None else CoveragePublic.model_validate(n.ecb),
            )
            for n in items
        ],
        total=len(items),
    )


def _own_list(base: str, quote: str, rows: list[OwnRatePublic]) -> OwnRateList:
    return OwnRateList(base=base, quote=quote, items=rows, total=len(rows))


@router.get("/own/{base}/{quote}", response_model=OwnRateList, summary="Your own rates of a pair")
def list_own(
    base: CurrencyPath, quote: CurrencyPath, user: CurrentUser, session: SessionDep
) -> OwnRateList:
    base, quote = _pair(base, quote)
    rows = fx_rates.list_overrides(session, user, base, quote)
    return _own_list(base, quote, [OwnRatePublic.model_validate(r) for r in rows])


@router.put(
    "/own/{base}/{quote}",
    response_model=OwnRateList,
    summary="Insert or overwrite your own rates by date (they count in your reports only)",
)
def put_own(
    base: CurrencyPath,
    quote: CurrencyPath,
    rows: Annotated[list[FxRateIn], Body(max_length=MAX_RATE_ROWS)],
    user: CurrentUser,
    session: SessionDep,
) -> OwnRateList:
    base, quote = _pair(base, quote)
    stored = fx_rates.put_overrides(session, user, base, quote, [r.model_dump() for r in rows])
    return _own_list(base, quote, [OwnRatePublic.model_validate(r) for r in stored])


@router.delete(
    "/own/{base}/{quote}",
    status_code=204,
    summary="Remove your own rates of a pair (of one day with `date`)",
)
def delete_own(
    base: CurrencyPath,
    quote: CurrencyPath,
    user: CurrentUser,
    session: SessionDep,
    day: Annotated[date | None, Query(alias="date")] = None,
) -> None:
    base, quote = _pair(base, quote)
    fx_rates.delete_overrides(session, user, base, quote, day)


@router.get(
    "/{base}/{quote}", response_model=FxRateList, summary="Daily rates: 1 base = rate quote"
)
def list_rates(
    base: CurrencyPath,
    quote: CurrencyPath,
    _user: CurrentUser,
    session: SessionDep,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_RATE_ROWS)] = 10_000,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> FxRateList:
    base, quote = _pair(base, quote)
    if start and end and start > end:
        raise ValidationFailed.for_field("to", "must not be before 'from'", "range")
    items, total = fx_rates.list_rates(
        session, base, quote, start=start, end=end, limit=limit, offset=offset
    )
    return FxRateList(
        base=base, quote=quote, items=[FxRatePublic.model_validate(r) for r in items], total=total
    )


@router.put(
    "/{base}/{quote}",
    response_model=FxRateList,
    responses=problem_responses(403),
    summary="Insert or overwrite rates by date (administrators: the rates are shared)",
)
def put_rates(
    base: CurrencyPath,
    quote: CurrencyPath,
    rows: Annotated[list[FxRateIn], Body(max_length=MAX_RATE_ROWS)],
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> FxRateList:
    base, quote = _pair(base, quote)
    stored = fx_rates.put_rates(session, cache, user, base, quote, [r.model_dump() for r in rows])
    return FxRateList(
        base=base,
        quote=quote,
        items=[FxRatePublic.model_validate(r) for r in stored],
        total=len(stored),
    )
