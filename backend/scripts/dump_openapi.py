"""Write the API's OpenAPI document as JSON, for the web app's generated client.

Usage: `.venv/bin/python scripts/dump_openapi.py [OUTPUT]` (standard output when OUTPUT is absent).
The document is built from `create_app()` alone: no database is opened and nothing is served.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from pms.main import create_app
from pms.settings import Settings


def openapi_document() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="pms-openapi-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), secret_key="x" * 32, _env_file=None)
        return create_app(settings).openapi()


def main(argv: list[str]) -> None:
    text = json.dumps(openapi_document(), indent=2, sort_keys=False) + "\n"
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
