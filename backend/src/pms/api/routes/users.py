from __future__ import annotations

from fastapi import APIRouter, Response, status

from pms.api.deps import AdminUser, PagingDep, ResourceId, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.auth import UserCreate, UserList, UserPublic, UserUpdate
from pms.services import auth, users

router = APIRouter(prefix="/users", tags=["users"], responses=problem_responses(401, 403))


@router.get("", response_model=UserList)
def list_users(_admin: AdminUser, session: SessionDep, paging: PagingDep) -> UserList:
    items, total = users.list_users(session, limit=paging.limit, offset=paging.offset)
    return UserList(items=[UserPublic.model_validate(u) for u in items], total=total)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    responses=problem_responses(409, 422),
)
def create_user(body: UserCreate, _admin: AdminUser, session: SessionDep) -> UserPublic:
    user = auth.create_user(
        session, body.username, body.password, role=body.role, base_currency=body.base_currency
    )
    return UserPublic.model_validate(user)


@router.get("/{user_id}", response_model=UserPublic, responses=problem_responses(404))
def read_user(user_id: ResourceId, _admin: AdminUser, session: SessionDep) -> UserPublic:
    return UserPublic.model_validate(users.get_user(session, user_id))


@router.patch("/{user_id}", response_model=UserPublic, responses=problem_responses(404, 409, 422))
def update_user(
    user_id: ResourceId, body: UserUpdate, _admin: AdminUser, session: SessionDep
) -> UserPublic:
    user = users.get_user(session, user_id)
    return UserPublic.model_validate(
        users.update_user(session, user, body.model_dump(exclude_unset=True))
    )


@router.delete(
    "/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 409)
)
def delete_user(user_id: ResourceId, _admin: AdminUser, session: SessionDep) -> Response:
    users.delete_user(session, users.get_user(session, user_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
