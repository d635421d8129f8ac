"""`GET /export`: the signed-in user's lossless JSON backup, or their transactions, holdings or
realized gains as CSV."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from pms.api.deps import CurrentUser, MarketDep, SessionDep
from pms.api.problems import problem_responses
from pms.services import portfolio
from pms.services.exports import ExportFormat
from pms.services.exports.backup import write_backup
from pms.services.exports.csv_files import holdings_csv, realized_csv, write_transactions

router = APIRouter(prefix="/export", tags=["export"], responses=problem_responses(401))

_CHUNK = 256 * 1024
#: Exports up to this size stay in memory while they are written; larger ones go to a temp file.
_SPOOL_BYTES = 8 * 1024 * 1024


_CSV = "text/csv; charset=utf-8"
#: Media type and file name stem of each format.
_FILES = {
    ExportFormat.PMS_JSON: ("application/json", "backup"),
    ExportFormat.TRANSACTIONS_CSV: (_CSV, "transactions"),
    ExportFormat.HOLDINGS_CSV: (_CSV, "holdings"),
    ExportFormat.REALIZED_CSV: (_CSV, "realized-gains"),
}


def _stream(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        spool.seek(0)
        while chunk := spool.read(_CHUNK):
            yield chunk
    finally:
        spool.close()


@router.get(
    "",
    summary="Download a backup (pms-json), or transactions, holdings or realized gains as CSV",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The file, as an attachment",
            "content": {"application/json": {}, "text/csv": {}},
        },
        **problem_responses(422),
    },
)
def export(
    user: CurrentUser,
    session: SessionDep,
    market: MarketDep,
    format: Annotated[ExportFormat, Query(description="What to export")] = ExportFormat.PMS_JSON,
) -> StreamingResponse:
    # Written completely before the response starts, while the request's session is open.
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - closed by _stream
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    today = market.today()
    if format == ExportFormat.PMS_JSON:
        write_backup(session, user, text)
    elif format == ExportFormat.TRANSACTIONS_CSV:
        write_transactions(session, user, text)
    else:
        # Holdings today and every realized gain, in the user's base currency.
        scope = portfolio.scope_for(user, account_ids=None, currency=None)
        if format == ExportFormat.HOLDINGS_CSV:
            report = portfolio.holdings(session, scope, today, portfolio.HoldingsGroup.POSITION)
            text.write(holdings_csv(report.result[0]))
        else:
            gains = portfolio.realized(session, scope, None, portfolio.realized_end(None, today))
            text.write(realized_csv(gains.result, scope.currency))
    text.flush()
    text.detach()
    media_type, stem = _FILES[format]
    extension = "json" if format == ExportFormat.PMS_JSON else "csv"
    name = f"pms-{stem}-{today.isoformat()}.{extension}"
    return StreamingResponse(
        _stream(spool),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
