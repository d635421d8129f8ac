from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response, status

from pms.api.deps import (
    SESSION_COOKIE,
    CurrentUser,
    RuntimeDep,
    SessionDep,
    SettingsDep,
    TokenDep,
)
from pms.api.problems import problem_responses
from pms.api.schemas.auth import (
    AuthStatus,
    Credentials,
    MeUpdate,
    Registration,
    TokenResponse,
    UserPublic,
)
from pms.services import auth, users
from pms.services.auth import LoginLimits

router = APIRouter(prefix="/auth", tags=["auth"])


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/status", response_model=AuthStatus, summary="Whether the first user must be created")
def auth_status(session: SessionDep, settings: SettingsDep) -> AuthStatus:
    return AuthStatus(needs_setup=not auth.has_users(session), allow_signup=settings.allow_signup)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    responses=problem_responses(403, 409, 422),
    summary="Create an account (the first one becomes the administrator)",
)
def register(body: Registration, session: SessionDep, settings: SettingsDep) -> UserPublic:
    user = auth.register(
        session,
        body.username,
        body.password,
        allow_signup=settings.allow_signup,
        base_currency=body.base_currency,
    )
    return UserPublic.model_validate(user)


@router.post(
    "/login",
    response_model=TokenResponse,
    responses=problem_responses(401, 422, 429),
    summary="Sign in: a bearer token, and an HttpOnly session cookie for the web app",
)
def login(
    body: Credentials,
    request: Request,
    response: Response,
    session: SessionDep,
    runtime: RuntimeDep,
) -> TokenResponse:
    settings = runtime.settings
    _, issued = auth.login(
        session,
        runtime.login_throttle,
        secret_key=runtime.secret_key,
        username=body.username,
        password=body.password,
        address=_client_address(request),
        limits=LoginLimits(settings.login_max_attempts, settings.login_window_seconds),
        ttl=timedelta(hours=settings.token_ttl_hours),
    )
    response.set_cookie(
        SESSION_COOKIE,
        issued.token,
        max_age=settings.token_ttl_hours * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
        path="/api",
    )
    return TokenResponse(access_token=issued.token, expires_at=issued.expires_at)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401),
    summary="Revoke the token in use",
)
def logout(
    _user: CurrentUser, token: TokenDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    if token:
        auth.revoke(session, secret_key=runtime.secret_key, token=token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/api")
    return response


@router.get("/me", response_model=UserPublic, responses=problem_responses(401))
def read_me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.patch("/me", response_model=UserPublic, responses=problem_responses(401, 422))
def update_me(
    body: MeUpdate, user: CurrentUser, session: SessionDep, token: TokenDep, runtime: RuntimeDep
) -> UserPublic:
    updated = users.update_me(
        session,
        user,
        body.model_dump(exclude_unset=True),
        current_token_hash=auth.token_digest(runtime.secret_key, token) if token else None,
    )
    return UserPublic.model_validate(updated)
