from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response, status

from pms.api.deps import CacheDep, CurrentUser, MarketDep, PagingDep, ResourceId, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.instruments import (
    MAX_PRICE_ROWS,
    InstrumentCreate,
    InstrumentList,
    InstrumentPublic,
    InstrumentUpdate,
    OwnPriceIn,
    OwnPriceList,
    OwnPricePublic,
    PriceIn,
    PriceList,
    PricePublic,
    SplitIn,
    SplitList,
    SplitPublic,
)
from pms.db.models import Instrument, Split, User
from pms.enums import AssetClass, DataSource
from pms.errors import ValidationFailed
from pms.services import instruments

router = APIRouter(prefix="/instruments", tags=["instruments"], responses=problem_responses(401))

DateFrom = Annotated[date | None, Query(alias="from", description="First date, inclusive")]
DateTo = Annotated[date | None, Query(alias="to", description="Last date, inclusive")]


def _public(instrument: Instrument, user: User) -> InstrumentPublic:
    return InstrumentPublic.model_validate(
        {
            **{c: getattr(instrument, c) for c in InstrumentPublic.model_fields if c != "is_own"},
            "is_own": instrument.owner_id == user.id,
        }
    )


def _split(split: Split) -> SplitPublic:
    return SplitPublic(
        id=split.id,
        date=split.date,
        numerator=split.numerator,
        denominator=split.denominator,
        ratio=split.numerator / split.denominator,
        source=split.source,
    )


def _check_range(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise ValidationFailed.for_field("to", "must not be before 'from'", "range")


@router.get("", response_model=InstrumentList)
def list_instruments(
    user: CurrentUser,
    session: SessionDep,
    paging: PagingDep,
    q: Annotated[
        str | None, Query(max_length=100, description="Symbol, name or ISIN contains")
    ] = None,
    data_source: DataSource | None = None,
    asset_class: AssetClass | None = None,
) -> InstrumentList:
    items, total = instruments.list_instruments(
        session,
        user,
        q=q,
        data_source=data_source,
        asset_class=asset_class,
        limit=paging.limit,
        offset=paging.offset,
    )
    return InstrumentList(items=[_public(i, user) for i in items], total=total)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=InstrumentPublic,
    responses={
        200: {"model": InstrumentPublic, "description": "The symbol is in the catalogue already"},
        **problem_responses(409, 422, 502, 503),
    },
)
def create_instrument(
    body: InstrumentCreate,
    user: CurrentUser,
    session: SessionDep,
    market: MarketDep,
    response: Response,
) -> InstrumentPublic:
    instrument, created = instruments.create_instrument(session, user, body.model_dump(), market)
    if not created:
        response.status_code = status.HTTP_200_OK
    return _public(instrument, user)


@router.get("/{instrument_id}", response_model=InstrumentPublic, responses=problem_responses(404))
def read_instrument(
    instrument_id: ResourceId, user: CurrentUser, session: SessionDep
) -> InstrumentPublic:
    return _public(instruments.get_instrument(session, user, instrument_id), user)


@router.patch(
    "/{instrument_id}",
    response_model=InstrumentPublic,
    responses=problem_responses(403, 404, 409, 422),
)
def update_instrument(
    instrument_id: ResourceId,
    body: InstrumentUpdate,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> InstrumentPublic:
    instrument = instruments.get_instrument(session, user, instrument_id)
    updated = instruments.update_instrument(
        session, cache, user, instrument, body.model_dump(exclude_unset=True)
    )
    return _public(updated, user)


@router.delete(
    "/{instrument_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404, 409),
)
def delete_instrument(
    instrument_id: ResourceId, user: CurrentUser, session: SessionDep, cache: CacheDep
) -> Response:
    instrument = instruments.get_instrument(session, user, instrument_id)
    instruments.delete_instrument(session, cache, user, instrument)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{instrument_id}/prices", response_model=PriceList, responses=problem_responses(404, 422)
)
def list_prices(
    instrument_id: ResourceId,
    user: CurrentUser,
    session: SessionDep,
    start: DateFrom = None,
    end: DateTo = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PRICE_ROWS)] = 10_000,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> PriceList:
    _check_range(start, end)
    instrument = instruments.get_instrument(session, user, instrument_id)
    items, total = instruments.list_prices(
        session, instrument, start=start, end=end, limit=limit, offset=offset
    )
    return PriceList(items=[PricePublic.model_validate(p) for p in items], total=total)


@router.put(
    "/{instrument_id}/prices",
    response_model=PriceList,
    responses=problem_responses(403, 404, 422),
    summary="Insert or overwrite closes by date",
)
def put_prices(
    instrument_id: ResourceId,
    rows: Annotated[list[PriceIn], Body(max_length=MAX_PRICE_ROWS)],
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> PriceList:
    instrument = instruments.get_instrument(session, user, instrument_id)
    stored = instruments.put_prices(
        session, cache, user, instrument, [r.model_dump() for r in rows]
    )
    return PriceList(items=[PricePublic.model_validate(p) for p in stored], total=len(stored))


def _own_list(instrument: Instrument, rows: list[OwnPricePublic]) -> OwnPriceList:
    return OwnPriceList(instrument_id=instrument.id, items=rows, total=len(rows))


@router.get(
    "/{instrument_id}/prices/own",
    response_model=OwnPriceList,
    responses=problem_responses(404, 422),
    summary="Your own closes of an instrument",
)
def list_own_prices(
    instrument_id: ResourceId,
    user: CurrentUser,
    session: SessionDep,
    start: DateFrom = None,
    end: DateTo = None,
) -> OwnPriceList:
    _check_range(start, end)
    instrument = instruments.get_instrument(session, user, instrument_id)
    rows = instruments.list_own_prices(session, user, instrument, start=start, end=end)
    return _own_list(instrument, [OwnPricePublic.model_validate(r) for r in rows])


@router.put(
    "/{instrument_id}/prices/own",
    response_model=OwnPriceList,
    responses=problem_responses(404, 422),
    summary="Insert or overwrite your own closes by date (they count in your reports only)",
)
def put_own_prices(
    instrument_id: ResourceId,
    rows: Annotated[list[OwnPriceIn], Body(max_length=MAX_PRICE_ROWS)],
    user: CurrentUser,
    session: SessionDep,
) -> OwnPriceList:
    instrument = instruments.get_instrument(session, user, instrument_id)
    stored = instruments.put_own_prices(session, user, instrument, [r.model_dump() for r in rows])
    return _own_list(instrument, [OwnPricePublic.model_validate(r) for r in stored])


@router.delete(
    "/{instrument_id}/prices/own",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 422),
    summary="Remove your own closes of an instrument (of one day with `date`)",
)
def delete_own_prices(
    instrument_id: ResourceId,
    user: CurrentUser,
    session: SessionDep,
    day: Annotated[date | None, Query(alias="date")] = None,
) -> Response:
    instrument = instruments.get_instrument(session, user, instrument_id)
    instruments.delete_own_prices(session, user, instrument, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{instrument_id}/splits", response_model=SplitList, responses=problem_responses(404))
def list_splits(instrument_id: ResourceId, user: CurrentUser, session: SessionDep) -> SplitList:
    instrument = instruments.get_instrument(session, user, instrument_id)
    items = instruments.list_splits(session, instrument)
    return SplitList(items=[_split(s) for s in items], total=len(items))


@router.post(
    "/{instrument_id}/splits",
    status_code=status.HTTP_201_CREATED,
    response_model=SplitPublic,
    responses=problem_responses(403, 404, 409, 422),
)
def add_split(
    instrument_id: ResourceId,
    body: SplitIn,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> SplitPublic:
    instrument = instruments.get_instrument(session, user, instrument_id)
    return _split(instruments.add_split(session, cache, user, instrument, body.model_dump()))


@router.delete(
    "/{instrument_id}/splits/{split_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404, 422),
)
def delete_split(
    instrument_id: ResourceId,
    split_id: ResourceId,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> Response:
    instrument = instruments.get_instrument(session, user, instrument_id)
    instruments.delete_split(session, cache, user, instrument, split_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
