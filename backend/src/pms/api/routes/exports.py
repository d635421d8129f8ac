"""`GET /export`: the signed-in user's lossless JSON backup, or their transactions as CSV."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from pms.api.deps import CurrentUser, SessionDep
from pms.api.problems import problem_responses
from pms.services.exports import ExportFormat
from pms.services.exports.backup import write_backup
from pms.services.exports.csv_files import write_transactions

router = APIRouter(prefix="/export", tags=["export"], responses=problem_responses(401))

_CHUNK = 256 * 1024
#: Exports up to this size stay in memory while they are written; larger ones go to a temp file.
_SPOOL_BYTES = 8 * 1024 * 1024


_MEDIA = {
    ExportFormat.PMS_JSON: ("application/json", "json"),
    ExportFormat.TRANSACTIONS_CSV: ("text/csv; charset=utf-8", "csv"),
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
    summary="Download a backup (pms-json) or the transactions (transactions-csv)",
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
    format: Annotated[ExportFormat, Query(description="What to export")] = ExportFormat.PMS_JSON,
) -> StreamingResponse:
    # Written completely before the response starts, while the request's session is open.
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - closed by _stream
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    if format == ExportFormat.PMS_JSON:
        write_backup(session, user, text)
    else:
        write_transactions(session, user, text)
    text.flush()
    text.detach()
    media_type, extension = _MEDIA[format]
    stamp = datetime.now(UTC).date().isoformat()
    name = (
        f"pms-{'backup' if format == ExportFormat.PMS_JSON else 'transactions'}-{stamp}.{extension}"
    )
    return StreamingResponse(
        _stream(spool),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
