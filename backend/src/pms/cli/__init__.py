"""The `pms` command: `serve`, `migrate`, `demo`, `prices refresh`, `import`, `export`."""

from pms.cli import books, market, server
from pms.cli.app import app

__all__ = ["app", "books", "market", "server"]
