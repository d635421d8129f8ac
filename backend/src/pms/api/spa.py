"""Serves the built single-page app in embedded mode, with index.html for client-side routes."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response

from pms.api.problems import problem_response

#: Where `make run` builds the SPA, relative to this source tree.
DEFAULT_SPA_DIR = Path(__file__).resolve().parents[4] / "frontend" / "dist"


#: Characters no page or file of the app has in its path: control characters (NUL among them),
#: backslashes, lone surrogates.
_ODD = re.compile(r"[\x00-\x1f\x7f-\x9f\\\ud800-\udfff]")


def _plausible(path: str) -> bool:
    """Whether `path` (decoded) can be a page or file of the app: no odd character and no `.` or
    `..` segment (`/%2e%2e/`, `/..%2f` arrive decoded as `../`)."""
    if _ODD.search(path):
        return False
    return not any(segment in (".", "..") for segment in path.split("/"))


def mount_spa(app: FastAPI, directory: Path) -> None:
    root = directory.resolve()
    index = root / "index.html"

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            return problem_response(404, "Not found", f"no API route at /{path}")
        # The route's `path` stops at a line break; the request's own path does not.
        if not _plausible(path) or not _plausible(request.scope["path"]):
            return problem_response(404, "Not found", "no such page")
        try:
            candidate = (root / path).resolve()
            found = bool(path) and candidate.is_relative_to(root) and candidate.is_file()
        except (OSError, ValueError):  # a name too long for the file system, and the like
            found = False
        if found:
            cache = (
                "public, max-age=31536000, immutable" if path.startswith("assets/") else "no-cache"
            )
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if not index.is_file():
            return problem_response(404, "Not found", "the web app is not built")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
