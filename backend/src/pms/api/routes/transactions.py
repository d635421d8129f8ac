from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from pms.api.deps import CacheDep, CurrentUser, MarketDep, PagingDep, ResourceId, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.transactions import (
    TransactionCreate,
    TransactionList,
    TransactionPublic,
    TransactionUpdate,
)
from pms.enums import TransactionType
from pms.errors import ValidationFailed
from pms.ledger_limits import INTEGER_DIGITS, fits_column
from pms.services import ledger

router = APIRouter(prefix="/transactions", tags=["transactions"], responses=problem_responses(401))

Id = Annotated[int, Query(ge=1, le=2_147_483_647)]


def _refuse_unstorable_gross(
    kind: TransactionType | None, quantity: Decimal | None, price: Decimal | None
) -> None:
    """A trade's amount is quantity × price; each fits a column, the product may not. Refused
    here, naming the field, instead of as a database error (or stored too wide on SQLite)."""
    if kind not in (TransactionType.BUY, TransactionType.SELL) or quantity is None or price is None:
        return
    # As the ledger works it out (in the default 28-digit context, which may round it up).
    if not fits_column(quantity * price):
        raise ValidationFailed.for_field(
            "amount",
            f"quantity × price has more than {INTEGER_DIGITS} digits before the point",
            "too_large",
        )


@router.get("", response_model=TransactionList, responses=problem_responses(422))
def list_transactions(
    user: CurrentUser,
    session: SessionDep,
    paging: PagingDep,
    account_id: Annotated[list[Id] | None, Query(description="Repeat for several accounts")] = None,
    instrument_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    type: Annotated[list[TransactionType] | None, Query(description="Repeat for several")] = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    order: Literal["desc", "asc"] = "desc",
) -> TransactionList:
    if start and end and start > end:
        raise ValidationFailed.for_field("to", "must not be before 'from'", "range")
    filters = ledger.TransactionFilter(
        account_ids=account_id or (),
        instrument_id=instrument_id,
        types=type or (),
        start=start,
        end=end,
        newest_first=order == "desc",
    )
    items, total = ledger.list_transactions(
        session, user, filters, limit=paging.limit, offset=paging.offset
    )
    return TransactionList(items=[TransactionPublic.model_validate(t) for t in items], total=total)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TransactionPublic,
    responses=problem_responses(404, 409, 422),
)
def create_transaction(
    body: TransactionCreate,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
) -> TransactionPublic:
    _refuse_unstorable_gross(body.type, body.quantity, body.price)
    txn = ledger.create_transaction(session, cache, user, body.model_dump(), market)
    return TransactionPublic.model_validate(txn)


@router.get("/{transaction_id}", response_model=TransactionPublic, responses=problem_responses(404))
def read_transaction(
    transaction_id: ResourceId, user: CurrentUser, session: SessionDep
) -> TransactionPublic:
    return TransactionPublic.model_validate(ledger.get_transaction(session, user, transaction_id))


@router.patch(
    "/{transaction_id}",
    response_model=TransactionPublic,
    responses=problem_responses(404, 409, 422),
)
def update_transaction(
    transaction_id: ResourceId,
    body: TransactionUpdate,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
) -> TransactionPublic:
    txn = ledger.get_transaction(session, user, transaction_id)
    changes = body.model_dump(exclude_unset=True)
    _refuse_unstorable_gross(
        changes.get("type", txn.type),
        changes.get("quantity", txn.quantity),
        changes.get("price", txn.price),
    )
    updated = ledger.update_transaction(
        session, cache, user, txn, body.model_dump(exclude_unset=True), market
    )
    return TransactionPublic.model_validate(updated)


@router.delete(
    "/{transaction_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 422),
)
def delete_transaction(
    transaction_id: ResourceId, user: CurrentUser, session: SessionDep, cache: CacheDep
) -> Response:
    ledger.delete_transaction(
        session, cache, user, ledger.get_transaction(session, user, transaction_id)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
