"""The FastAPI application: `create_app()` wires settings, database, cache, routers and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from pms import __version__
from pms.api.docs import install_docs
from pms.api.middleware import install_http_edge
from pms.api.problems import install_problem_handlers
from pms.api.routes import (
    accounts,
    auth,
    exports,
    fx,
    health,
    imports,
    instruments,
    market,
    portfolio,
    transactions,
    users,
)
from pms.api.spa import DEFAULT_SPA_DIR, mount_spa
from pms.logs import configure_logging, get_logger
from pms.runtime import Runtime
from pms.services.jobs import start_scheduler
from pms.settings import Settings, get_settings

API_PREFIX = "/api/v1"
log = get_logger(__name__)


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    # `market` declares GET /instruments/lookup: it must come before the instruments router.
    for module in (
        health,
        auth,
        users,
        market,
        accounts,
        instruments,
        fx,
        transactions,
        imports,
        exports,
        portfolio,
    ):
        router.include_router(module.router)
    return router


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or (runtime.settings if runtime else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = runtime is None
        app.state.runtime = runtime or Runtime.build(settings)
        log.info(
            "started",
            version=__version__,
            database=app.state.runtime.engine.dialect.name,
            cache=app.state.runtime.cache.status().backend,
        )
        scheduler = start_scheduler(app.state.runtime.market, app.state.runtime.settings)
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.stop()
            if owned:
                app.state.runtime.close()

    app = FastAPI(
        title="PMS",
        summary="Personal Portfolio Management System",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served by pms.api.docs, from local files
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    if runtime is not None:
        app.state.runtime = runtime
    install_problem_handlers(app)
    app.include_router(api_router())
    install_docs(app)
    install_http_edge(app)
    spa_dir = settings.static_dir or DEFAULT_SPA_DIR
    if spa_dir.is_dir():
        mount_spa(app, spa_dir)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory pms.main:app_factory`."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
