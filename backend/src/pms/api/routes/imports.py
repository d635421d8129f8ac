"""`POST /imports`: a file into the signed-in user's ledger, with a report of every row."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import Message

from pms.api.deps import CacheDep, CurrentUser, MarketDep, SessionDep
from pms.api.problems import (
    PROBLEM_BASE,
    PROBLEM_MEDIA_TYPE,
    ProblemFieldError,
    problem_responses,
)
from pms.api.schemas.imports import ImportProblem, ImportResult
from pms.errors import FieldError
from pms.services.imports import (
    DateOrder,
    DecimalSeparator,
    ImportFormat,
    ImportOptions,
    ImportReport,
    InstrumentResolver,
    RowsShown,
    run_import,
)
from pms.services.imports.provider import MarketResolver
from pms.services.imports.report import LISTED_REFUSED_ROWS, LISTED_ROWS


class UploadLimitRoute(APIRoute):
    """Refuses an upload larger than `PMS_IMPORT_MAX_BYTES` with 413 before it is spooled whole."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            limit: int = request.app.state.runtime.settings.import_max_bytes
            detail = f"the upload is larger than the limit of {limit} bytes (PMS_IMPORT_MAX_BYTES)"
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise HTTPException(413, detail)
            receive = request.receive
            seen = 0

            async def counted() -> Message:
                nonlocal seen
                message = await receive()
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, detail)
                return message

            request._receive = counted
            return await handler(request)

        return limited


router = APIRouter(
    prefix="/imports",
    tags=["imports"],
    route_class=UploadLimitRoute,
    responses=problem_responses(401),
)


def get_resolver(request: Request, market: MarketDep) -> InstrumentResolver:
    """The market-data provider's instrument lookup; a test may plug another in as
    `app.state.instrument_resolver`."""
    resolver: InstrumentResolver | None = getattr(request.app.state, "instrument_resolver", None)
    return resolver if resolver is not None else MarketResolver(market)


def result_of(report: ImportReport) -> ImportResult:
    return ImportResult.model_validate(
        {
            "format": report.format,
            "dry_run": report.dry_run,
            "skip_invalid": report.skip_invalid,
            "written": report.written,
            "valid": report.valid,
            "detected": report.detected,
            "counts": vars(report.counts),
            "errors": [e.as_dict() for e in report.errors],
            "accounts_created": report.accounts_created,
            "instruments_created": report.instruments_created,
            "rows": [
                {
                    "line": row.line,
                    "status": row.status,
                    "transactions": row.transactions,
                    "prices": row.prices,
                    "errors": [e.as_dict() for e in row.errors],
                }
                for row in report.rows
            ],
            "rows_omitted": report.rows_omitted,
        }
    )


def _refusal(report: ImportReport, result: ImportResult, path: str) -> JSONResponse:
    errors = list(report.errors)
    for row in report.rows:
        errors.extend(
            FieldError(f"line.{row.line}.{e.field}", e.message, e.code) for e in row.errors
        )
    counts = report.counts
    detail = (
        f"{counts.invalid} of {counts.rows} rows were refused"
        + (f" and {len(report.errors)} other problem(s) found" if report.errors else "")
        + "; nothing was written. Fix them, or import with skip_invalid=true to leave them out."
    )
    body = ImportProblem(
        type=f"{PROBLEM_BASE}import-refused",
        title="Import refused",
        status=422,
        detail=detail,
        instance=path,
        errors=[ProblemFieldError(**e.as_dict()) for e in errors[:1000]],
        result=result,
    )
    return JSONResponse(jsonable_encoder(body), status_code=422, media_type=PROBLEM_MEDIA_TYPE)


@router.post(
    "",
    response_model=ImportResult,
    summary="Import a file (or preview it with dry_run)",
    responses={
        422: {
            "model": ImportProblem,
            "description": "The file or a row was refused; nothing was written",
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ImportProblem"}}
            },
        },
        **problem_responses(404, 409, 413),
    },
)
def create_import(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    resolver: Annotated[InstrumentResolver, Depends(get_resolver)],
    file: Annotated[UploadFile, File(description="The CSV or JSON file")],
    format: Annotated[
        ImportFormat, Query(description="The file's format; see docs/import-formats.md")
    ],
    account_id: Annotated[
        int | None,
        Query(ge=1, le=2_147_483_647, description="The account for rows that name none"),
    ] = None,
    instrument_id: Annotated[
        int | None,
        Query(ge=1, le=2_147_483_647, description="prices-csv: the instrument the prices are for"),
    ] = None,
    dry_run: Annotated[bool, Query(description="Check and preview only; write nothing")] = False,
    skip_invalid: Annotated[
        bool, Query(description="Write the good rows and leave the refused ones out")
    ] = False,
    date_format: Annotated[
        DateOrder | None,
        Query(description="Order of day and month in non-ISO dates; detected when left out"),
    ] = None,
    decimal_separator: Annotated[
        DecimalSeparator | None,
        Query(description="`.` or `,`; detected from every number of the file when left out"),
    ] = None,
    split_adjusted: Annotated[
        bool,
        Query(description="prices-csv: the closes are split-adjusted; store them as traded"),
    ] = False,
    rows: Annotated[
        RowsShown,
        Query(
            description=f"Which rows the answer lists: at most the first {LISTED_ROWS} of the "
            f"file, then the first {LISTED_REFUSED_ROWS} refused ones (see `rows_omitted`)"
        ),
    ] = RowsShown.ALL,
) -> Any:
    options = ImportOptions(
        format=format,
        account_id=account_id,
        instrument_id=instrument_id,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        date_format=date_format,
        decimal_separator=decimal_separator,
        split_adjusted=split_adjusted,
        rows=rows,
    )
    report = run_import(session, cache, user, file.file, options, resolver=resolver, market=market)
    result = result_of(report)
    if not report.valid and not dry_run and not skip_invalid:
        return _refusal(report, result, request.url.path)
    return result
