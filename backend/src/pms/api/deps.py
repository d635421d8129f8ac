"""Typed dependencies, declared once and taken by routes as plain parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.db.models import User
from pms.enums import Role
from pms.errors import Forbidden, Unauthorized
from pms.market.context import MarketContext
from pms.runtime import Runtime
from pms.services import auth
from pms.settings import Settings

SESSION_COOKIE = "pms_session"

#: A resource id in a path: a positive 32-bit integer (larger ones cannot exist).
ResourceId = Annotated[int, Path(ge=1, le=2_147_483_647)]

_bearer = HTTPBearer(auto_error=False, description="A token from `POST /api/v1/auth/login`")


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_settings_dep(runtime: RuntimeDep) -> Settings:
    return runtime.settings


def get_cache(runtime: RuntimeDep) -> Cache:
    return runtime.cache


def get_market(runtime: RuntimeDep) -> MarketContext:
    return runtime.market


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
CacheDep = Annotated[Cache, Depends(get_cache)]
MarketDep = Annotated[MarketContext, Depends(get_market)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back when it raises."""
    session = runtime.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return credentials.credentials
    return request.cookies.get(SESSION_COOKIE)


TokenDep = Annotated[str | None, Depends(get_token)]


def get_current_user(session: SessionDep, runtime: RuntimeDep, token: TokenDep) -> User:
    if not token:
        raise Unauthorized(
            detail="sign in first: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return auth.authenticate(session, secret_key=runtime.secret_key, token=token)
    except Unauthorized as exc:
        exc.headers = {"WWW-Authenticate": "Bearer"}
        raise


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_admin_user(user: CurrentUser) -> User:
    if user.role != Role.ADMIN:
        raise Forbidden(detail="only an administrator may do this")
    return user


AdminUser = Annotated[User, Depends(get_admin_user)]


class Paging:
    """`limit` and `offset` of a list endpoint."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=1000, description="Items per page")] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


PagingDep = Annotated[Paging, Depends()]
