from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pms import __version__
from pms.api.deps import RuntimeDep
from pms.logs import get_logger

router = APIRouter(tags=["health"])
log = get_logger(__name__)


class ComponentHealth(BaseModel):
    status: Literal["ok", "degraded", "down"]
    backend: str
    detail: str = ""


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"]
    database: ComponentHealth
    cache: ComponentHealth
    version: str


@router.get("/health", response_model=Health, summary="Liveness and the state of the services")
def health(runtime: RuntimeDep, response: Response) -> Health:
    """200 when the database answers (the cache may be degraded: the app works without Redis); 503
    with the same body when the database does not, so that a load balancer or an orchestrator
    takes this instance out of rotation."""
    backend = runtime.engine.dialect.name
    try:
        with runtime.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = ComponentHealth(status="ok", backend=backend)
    except SQLAlchemyError as exc:
        log.error("health_database_down", error=str(exc))
        database = ComponentHealth(status="down", backend=backend, detail="unreachable")
    cache_state = runtime.cache.status()
    cache = ComponentHealth(
        status="ok" if cache_state.ok else "degraded",
        backend=cache_state.backend,
        detail=cache_state.detail,
    )
    if database.status == "down":
        overall: Literal["ok", "degraded", "down"] = "down"
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        response.headers["Retry-After"] = "5"
    elif cache.status != "ok":
        overall = "degraded"
    else:
        overall = "ok"
    return Health(status=overall, database=database, cache=cache, version=__version__)
