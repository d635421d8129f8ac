"""`/api/docs`: Swagger UI served from the app's own files (the `swagger-ui-py` package), so the
page loads nothing from another host and keeps the app's Content-Security-Policy (`'self'`)."""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

from pms.api.problems import problem_response

DOCS_PATH = "/api/docs"
#: The Swagger UI distribution that `swagger-ui-py` ships.
SWAGGER_UI_DIR = Path(swagger_ui.__file__).resolve().parent / "static"
#: The files of it the page loads, served under /api/docs/.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
#: No inline script: the CSP's `script-src 'self'` would block it.
INIT_JS = """window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""
PAGE = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>PMS API</title>
    <link rel="stylesheet" href="{DOCS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="{DOCS_PATH}/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="{DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="{DOCS_PATH}/init.js"></script>
  </body>
</html>
"""
_ASSET_CACHE = "public, max-age=86400"


def install_docs(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)

    @router.get(DOCS_PATH)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(PAGE, headers={"Cache-Control": "no-cache"})

    @router.get(f"{DOCS_PATH}/init.js")
    def docs_init() -> Response:
        return Response(
            INIT_JS, media_type="text/javascript", headers={"Cache-Control": _ASSET_CACHE}
        )

    @router.get(DOCS_PATH + "/{name}")
    def docs_asset(name: str) -> Response:
        media_type = ASSETS.get(name)
        if media_type is None:
            return problem_response(404, "Not found", f"no file {name} in {DOCS_PATH}")
        return FileResponse(
            SWAGGER_UI_DIR / name, media_type=media_type, headers={"Cache-Control": _ASSET_CACHE}
        )

    app.include_router(router)
