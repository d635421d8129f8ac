"""Serves the built single-page app in embedded mode, with index.html for client-side routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response

from pms.api.problems import problem_response

#: Where `make run` builds the SPA, relative to this source tree.
DEFAULT_SPA_DIR = Path(__file__).resolve().parents[4] / "frontend" / "dist"


def mount_spa(app: FastAPI, directory: Path) -> None:
    root = directory.resolve()
    index = root / "index.html"

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            return problem_response(404, "Not found", f"no API route at /{path}")
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            cache = (
                "public, max-age=31536000, immutable" if path.startswith("assets/") else "no-cache"
            )
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if not index.is_file():
            return problem_response(404, "Not found", "the web app is not built")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
