"""The rows an import's answer lists are bounded, so a large file answers in a bounded size; its
counts still cover every row."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pms.errors import FieldError
from pms.services.imports import ImportFormat, RowsShown, RowStatus
from pms.services.imports.report import (
    LISTED_REFUSED_ROWS,
    LISTED_ROWS,
    ImportReport,
    RowReport,
    Tally,
)
from tests import factories
from tests.imports.helpers import transactions, upload

ROWS = 3_500
#: The data rows (1-based) a number cannot be read from: every odd one from 1,101 on.
REFUSED = [n for n in range(1, ROWS + 1) if n > 1_100 and n % 2]


def _deposits() -> bytes:
    lines = ["date,type,amount,currency"]
    for n in range(1, ROWS + 1):
        lines.append(f"2024-01-02,DEPOSIT,{'ten' if n in REFUSED else n},EUR")
    return ("\n".join(lines) + "\n").encode()


def test_a_large_dry_run_lists_the_first_rows_then_refused_ones_and_counts_all(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(client, alice, _deposits(), format="pms-csv", account_id=acc, dry_run=True)
    assert response.status_code == 200, response.text
    result = response.json()
    counts = result["counts"]
    assert (counts["rows"], counts["new"], counts["invalid"]) == (
        ROWS,
        ROWS - len(REFUSED),
        len(REFUSED),
    )
    assert counts["transactions"] == ROWS - len(REFUSED)
    # CSV line = data row + 1 (the header is line 1).
    first = list(range(2, LISTED_ROWS + 2))
    refused_after = [n + 1 for n in REFUSED if n + 1 > first[-1]][:LISTED_REFUSED_ROWS]
    assert [r["line"] for r in result["rows"]] == first + refused_after
    assert result["rows_omitted"] == ROWS - LISTED_ROWS - LISTED_REFUSED_ROWS
    listed_refused = result["rows"][LISTED_ROWS]
    assert listed_refused["status"] == "invalid"
    assert listed_refused["errors"] == [
        {"field": "amount", "message": "'ten' is not a number", "code": "number"}
    ]
    assert listed_refused["transactions"][0]["type"] == "DEPOSIT"
    assert result["rows"][0]["transactions"][0]["amount"] == "1.00"


def test_only_the_refused_rows_are_listed_with_a_bound_of_their_own(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(
        client, alice, _deposits(), format="pms-csv", account_id=acc, dry_run=True, rows="errors"
    )
    result = response.json()
    assert [r["line"] for r in result["rows"]] == [n + 1 for n in REFUSED][:LISTED_REFUSED_ROWS]
    assert result["rows_omitted"] == len(REFUSED) - LISTED_REFUSED_ROWS
    none = upload(
        client, alice, _deposits(), format="pms-csv", account_id=acc, dry_run=True, rows="none"
    ).json()
    assert (none["rows"], none["rows_omitted"], none["counts"]["invalid"]) == ([], 0, len(REFUSED))


def test_a_refused_large_import_carries_the_bounded_preview(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(client, alice, _deposits(), format="pms-csv", account_id=acc)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"].startswith(f"{len(REFUSED)} of {ROWS} rows were refused")
    assert len(body["result"]["rows"]) == LISTED_ROWS + LISTED_REFUSED_ROWS
    assert body["result"]["rows_omitted"] == ROWS - LISTED_ROWS - LISTED_REFUSED_ROWS
    assert transactions(client, alice) == []


def test_a_small_file_lists_every_row_and_omits_none(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = b"date,type,amount,currency\n2024-01-02,DEPOSIT,10,EUR\n2024-01-03,DEPOSIT,x,EUR\n"
    result = upload(client, alice, content, format="pms-csv", account_id=acc, dry_run=True).json()
    assert [(r["line"], r["status"]) for r in result["rows"]] == [(2, "new"), (3, "invalid")]
    assert result["rows_omitted"] == 0


def _read(tally: Tally, count: int) -> list[RowReport]:
    rows = []
    for line in range(1, count + 1):
        row = RowReport(line=line, transactions=[{"line": line}])
        tally.new(row)
        rows.append(row)
    return rows


def test_a_row_refused_by_a_later_check_is_listed_when_the_bound_leaves_room() -> None:
    report = ImportReport(ImportFormat.PMS_CSV, dry_run=True, skip_invalid=False)
    tally = Tally(report, RowsShown.ALL)
    rows = _read(tally, LISTED_ROWS + 2)
    assert (len(report.rows), report.rows_omitted) == (LISTED_ROWS, 2)
    # What an unlisted row reads as is not kept past the first rows.
    assert rows[-1].transactions == []
    tally.refuse(rows[-1], [FieldError("quantity", "exceeds what is held", "insufficient")])
    assert report.rows[-1] is rows[-1]
    assert (report.rows_omitted, report.counts.invalid, report.counts.new) == (
        1,
        1,
        LISTED_ROWS + 1,
    )
    assert rows[-1].status == RowStatus.INVALID
    # A listed row refused later stays listed once.
    tally.refuse(rows[0], [FieldError("quantity", "exceeds what is held", "insufficient")])
    assert len(report.rows) == LISTED_ROWS + 1


def test_with_only_errors_listed_a_later_refusal_is_listed_with_what_it_read() -> None:
    report = ImportReport(ImportFormat.PMS_CSV, dry_run=True, skip_invalid=False)
    tally = Tally(report, RowsShown.ERRORS)
    rows = _read(tally, 3)
    assert report.rows == []
    tally.refuse(rows[1], [FieldError("quantity", "exceeds what is held", "insufficient")])
    assert report.rows == [rows[1]]
    assert rows[1].transactions == [{"line": 2}]
    assert report.rows_omitted == 0
