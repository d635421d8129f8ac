"""Getting data in and out: `pms import` and `pms export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.cli import server
from pms.cli.app import app
from pms.db.models import Account, User
from pms.db.session import session_scope
from pms.errors import PMSError
from pms.services.exports import ExportFormat
from pms.services.exports.backup import write_backup
from pms.services.exports.csv_files import write_transactions
from pms.services.imports import (
    DateOrder,
    DecimalSeparator,
    ImportFormat,
    ImportOptions,
    RowsShown,
    run_import,
)
from pms.services.imports.provider import MarketResolver


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        raise typer.BadParameter(f"no user named '{username}'", param_hint="--user")
    return user


def _account_id(session: Session, user: User, account: str | None) -> int | None:
    if account is None:
        return None
    found = session.scalar(
        select(Account.id).where(Account.user_id == user.id, Account.name == account)
    )
    if found is None and account.isdigit():
        found = session.scalar(
            select(Account.id).where(Account.user_id == user.id, Account.id == int(account))
        )
    if found is None:
        raise typer.BadParameter(
            f"{user.username} has no account '{account}'", param_hint="--account"
        )
    return found


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    format: Annotated[ImportFormat, typer.Option("--format", "-f", help="The file's format")],
    user: Annotated[str, typer.Option("--user", "-u", help="Import into this user's ledger")],
    account: Annotated[
        str | None, typer.Option(help="Account (name or id) for rows that name none")
    ] = None,
    instrument: Annotated[int | None, typer.Option(help="prices-csv: the instrument's id")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Write the good rows, leave bad ones out")
    ] = False,
    date_format: Annotated[DateOrder | None, typer.Option(help="Order of day and month")] = None,
    decimal_separator: Annotated[DecimalSeparator | None, typer.Option(help="'.' or ','")] = None,
    split_adjusted: Annotated[
        bool, typer.Option("--split-adjusted", help="prices-csv: closes are split-adjusted")
    ] = False,
) -> None:
    """Import FILE into a user's ledger: all rows or none (unless --skip-invalid)."""
    runtime = server.runtime_for_command()
    err = Console(stderr=True)
    try:
        with (
            session_scope(runtime.session_factory) as session,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as bar,
        ):
            owner = _user(session, user)
            task = bar.add_task("reading", total=file.stat().st_size)

            def progress(phase: str, done: int, total: int) -> None:
                bar.update(task, description=phase, completed=done, total=total)

            options = ImportOptions(
                format=format,
                account_id=_account_id(session, owner, account),
                instrument_id=instrument,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                date_format=date_format,
                decimal_separator=decimal_separator,
                split_adjusted=split_adjusted,
                rows=RowsShown.ERRORS,
            )
            with file.open("rb") as handle:
                report = run_import(
                    session,
                    runtime.cache,
                    owner,
                    handle,
                    options,
                    progress=progress,
                    resolver=MarketResolver(runtime.market),
                    market=runtime.market,
                )
    except PMSError as exc:
        err.print(f"[red]refused:[/red] {exc.detail}")
        raise typer.Exit(2) from exc
    finally:
        runtime.close()
    counts = report.counts
    for problem in report.errors:
        err.print(f"[red]{problem.field}[/red]: {problem.message}")
    for row in report.rows[:200]:
        for problem in row.errors:
            err.print(f"line {row.line}: [red]{problem.field}[/red]: {problem.message}")
    # The report lists a bounded number of rows; its counts cover every one.
    shown = min(len(report.rows), 200)
    if counts.invalid > shown:
        err.print(f"… and {counts.invalid - shown} more refused rows")
    outcome = (
        "dry run, nothing written"
        if dry_run
        else "written"
        if report.written
        else "nothing written"
    )
    typer.echo(
        f"{counts.rows} rows: {counts.new} new, {counts.duplicates} duplicates, "
        f"{counts.updates} updates, {counts.invalid} refused; {counts.transactions} transactions, "
        f"{counts.prices} prices; {outcome}"
    )
    if not report.valid and not skip_invalid:
        raise typer.Exit(1)


@app.command("export")
def export_file(
    user: Annotated[str, typer.Option("--user", "-u", help="Export this user's data")],
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.PMS_JSON,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")
    ] = None,
) -> None:
    """Write a user's lossless JSON backup (or transactions as CSV)."""
    runtime = server.runtime_for_command()
    try:
        with session_scope(runtime.session_factory) as session:
            owner = _user(session, user)
            write = write_backup if format == ExportFormat.PMS_JSON else write_transactions
            if output is None:
                write(session, owner, sys.stdout)
            else:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    write(session, owner, handle)
    finally:
        runtime.close()
