from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from pms.api.deps import CacheDep, CurrentUser, PagingDep, ResourceId, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.accounts import AccountCreate, AccountList, AccountPublic, AccountUpdate
from pms.services import accounts

router = APIRouter(prefix="/accounts", tags=["accounts"], responses=problem_responses(401))


@router.get("", response_model=AccountList)
def list_accounts(user: CurrentUser, session: SessionDep, paging: PagingDep) -> AccountList:
    items, total = accounts.list_accounts(session, user, limit=paging.limit, offset=paging.offset)
    return AccountList(items=[AccountPublic.model_validate(a) for a in items], total=total)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountPublic,
    responses=problem_responses(409, 422),
)
def create_account(
    body: AccountCreate, user: CurrentUser, session: SessionDep, cache: CacheDep
) -> AccountPublic:
    account = accounts.create_account(session, user, body.model_dump())
    return AccountPublic.model_validate(account)


@router.get("/{account_id}", response_model=AccountPublic, responses=problem_responses(404))
def read_account(account_id: ResourceId, user: CurrentUser, session: SessionDep) -> AccountPublic:
    return AccountPublic.model_validate(accounts.get_account(session, user, account_id))


@router.patch(
    "/{account_id}", response_model=AccountPublic, responses=problem_responses(404, 409, 422)
)
def update_account(
    account_id: ResourceId,
    body: AccountUpdate,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> AccountPublic:
    account = accounts.get_account(session, user, account_id)
    updated = accounts.update_account(session, user, account, body.model_dump(exclude_unset=True))
    return AccountPublic.model_validate(updated)


@router.delete(
    "/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 409),
)
def delete_account(
    account_id: ResourceId,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    cascade: Annotated[bool, Query(description="Also delete the account's transactions")] = False,
) -> Response:
    accounts.delete_account(
        session, accounts.get_account(session, user, account_id), cascade=cascade
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
