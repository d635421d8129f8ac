"""The `pms` command's Typer application, shared by the command modules."""

from __future__ import annotations

import typer
from rich.console import Console

from pms.logs import get_logger

app = typer.Typer(help="PMS — personal portfolio management.", no_args_is_help=True)
prices_app = typer.Typer(help="Market prices and exchange rates.", no_args_is_help=True)
app.add_typer(prices_app, name="prices")
log = get_logger("pms.cli")
console = Console()
