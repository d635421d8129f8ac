"""JSON files built to crash or stall the parser: refused from their bytes, before ijson's C backend
reads them, with a `file` error and nothing written."""

from __future__ import annotations

import inspect
import io
import json
from pathlib import Path
from typing import Any

import ijson
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pms.api.routes.imports import create_import
from pms.cli import app as cli
from pms.db.migrate import upgrade
from pms.db.models import Transaction, User
from pms.db.session import create_db_engine, make_session_factory
from pms.errors import ValidationFailed
from pms.services.imports import ImportFormat, ImportOptions, json_stream
from pms.services.imports.ghostfolio import GhostfolioJsonReader
from pms.services.imports.json_stream import (
    MAX_DEPTH,
    MAX_LITERAL_CHARS,
    MAX_STRING_BYTES,
    JsonGuard,
)
from pms.services.imports.pms_json import BackupReader
from pms.services.imports.source import open_source
from pms.settings import get_settings
from tests.imports.helpers import sample, transactions, upload

#: ijson 3.6's C backend segfaults on an integer of more than 4,300 digits (Python's limit on
#: converting such text to an int).
HUGE = b"1" * 5000
BACKUP_HEAD = b'{"format": "pms-backup", "version": 1, "accounts": [], "transactions": ['
GHOSTFOLIO_HEAD = b'{"accounts": [], "activities": ['


def _backup(transaction: bytes) -> bytes:
    return BACKUP_HEAD + transaction + b"]}"


def _ghostfolio(activity: bytes) -> bytes:
    return GHOSTFOLIO_HEAD + activity + b"]}"


def _read_all(content: bytes, reader: Any) -> list[Any]:
    source = open_source(io.BytesIO(content))
    options = ImportOptions(format=ImportFormat.GHOSTFOLIO_JSON)
    return list(reader(source, options).records())


def _file_error(exc: pytest.ExceptionInfo[ValidationFailed]) -> tuple[str, str, str]:
    [error] = exc.value.errors
    return error.field, error.message, error.code


LITERAL_ERROR = (
    "file",
    f"holds a number or literal longer than {MAX_LITERAL_CHARS} characters",
    "json_literal",
)
DEPTH_ERROR = ("file", f"nests deeper than {MAX_DEPTH} levels", "json_depth")


@pytest.mark.parametrize(
    ("content", "reader"),
    [
        (_ghostfolio(b'{"type": "BUY", "quantity": ' + HUGE + b"}"), GhostfolioJsonReader),
        (_backup(b'{"type": "DEPOSIT", "amount": ' + HUGE + b"}"), BackupReader),
        (_backup(b'{"type": "DEPOSIT", "amount": -' + HUGE + b".5e3}"), BackupReader),
    ],
)
def test_a_number_of_thousands_of_digits_is_refused_in_process(content: bytes, reader: Any) -> None:
    """Parsed in this process on purpose: should the number reach the C parser, the test run
    crashes instead of failing."""
    with pytest.raises(ValidationFailed) as refused:
        _read_all(content, reader)
    assert _file_error(refused) == LITERAL_ERROR


def test_the_longest_number_accepted_is_read() -> None:
    longest = b"1" + b"0" * (MAX_LITERAL_CHARS - 1)
    activity = b'{"type": "BUY", "date": "2024-01-02", "quantity": ' + longest + b"}"
    records = _read_all(_ghostfolio(activity), GhostfolioJsonReader)
    [row] = records
    # Read, then refused as a row for the ledger's bounds: a row error, not a file error.
    assert [(e.field, e.code) for e in row.errors] == [("quantity", "number")]
    too_long = longest + b"0"
    with pytest.raises(ValidationFailed) as refused:
        _read_all(_ghostfolio(b'{"quantity": ' + too_long + b"}"), GhostfolioJsonReader)
    assert _file_error(refused) == LITERAL_ERROR


@pytest.mark.parametrize(
    ("content", "format"),
    [
        (_ghostfolio(b'{"type": "BUY", "quantity": ' + HUGE + b"}"), "ghostfolio-json"),
        (_backup(b'{"type": "DEPOSIT", "amount": ' + HUGE + b"}"), "pms-json"),
    ],
)
def test_a_number_of_thousands_of_digits_is_a_file_problem_over_the_api(
    client: TestClient, alice: dict[str, str], content: bytes, format: str
) -> None:
    response = upload(client, alice, content, filename="x.json", format=format)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert body["detail"] == f"file: {LITERAL_ERROR[1]}"
    assert body["errors"] == [dict(zip(("field", "message", "code"), LITERAL_ERROR, strict=True))]
    assert transactions(client, alice) == []
    # The server lives on.
    assert client.get("/api/v1/accounts", headers=alice).status_code == 200


def test_a_number_beyond_any_range_is_a_file_problem_not_a_server_error(
    client: TestClient, alice: dict[str, str]
) -> None:
    content = _ghostfolio(b'{"type": "BUY", "quantity": 1e99999999999999999999}')
    response = upload(client, alice, content, filename="x.json", format="ghostfolio-json")
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"field": "file", "message": "holds a number out of range", "code": "json_number"}
    ]


def test_a_string_longer_than_any_text_is_refused(
    client: TestClient, alice: dict[str, str]
) -> None:
    comment = b'"' + b"x" * (MAX_STRING_BYTES + 1) + b'"'
    content = _ghostfolio(b'{"type": "BUY", "comment": ' + comment + b"}")
    response = upload(client, alice, content, filename="x.json", format="ghostfolio-json")
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {
            "field": "file",
            "message": f"holds a string longer than {MAX_STRING_BYTES} bytes",
            "code": "json_string",
        }
    ]


class _Spy:
    """Counts the bytes the parser got to read."""

    def __init__(self) -> None:
        self.delivered = 0

    def parse(self, file: Any, *args: Any, **kwargs: Any) -> Any:
        spy = self

        class Counted:
            def read(self, size: int = -1) -> bytes:
                data: bytes = file.read(size)
                spy.delivered += len(data)
                return data

        return _REAL_PARSE(Counted(), *args, **kwargs)


_REAL_PARSE = ijson.parse


@pytest.mark.parametrize(
    "nested",
    [b"[" * 200_000, b'{"a":' * 40_000, b"[" * 40_000 + b"]" * 40_000],
    ids=["arrays", "objects", "balanced"],
)
def test_deep_nesting_is_refused_before_the_parser_reads_a_byte(
    monkeypatch: pytest.MonkeyPatch, nested: bytes
) -> None:
    """The parser spends time on every level of every event: handed a block of brackets it
    stalls the server for seconds to minutes, so the depth is checked on the bytes it would get."""
    spy = _Spy()
    monkeypatch.setattr(json_stream.ijson, "parse", spy.parse)
    source = open_source(io.BytesIO(b'{"activities": ' + nested + b"}"))
    with pytest.raises(ValidationFailed) as refused:
        json_stream.member_names(source)
    assert _file_error(refused) == DEPTH_ERROR
    assert spy.delivered == 0


def test_deep_nesting_is_refused_over_the_api(client: TestClient, alice: dict[str, str]) -> None:
    content = b'{"format": "pms-backup", "version": 1, "user": ' + b'{"a":' * 40_000
    response = upload(client, alice, content, filename="x.json", format="pms-json")
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        dict(zip(("field", "message", "code"), DEPTH_ERROR, strict=True))
    ]


def test_the_import_route_runs_in_the_threadpool() -> None:
    """A long parse must not hold the event loop (and with it every other request): FastAPI runs a
    plain `def` route in its threadpool."""
    assert not inspect.iscoroutinefunction(create_import)


def _check_in_blocks(document: bytes, size: int) -> JsonGuard:
    guard = JsonGuard()
    for start in range(0, len(document), size):
        guard.check(document[start : start + size])
    return guard


@pytest.mark.parametrize("name", ["ghostfolio_export.json"])
def test_real_exports_pass_the_guard_in_blocks_of_any_size(name: str) -> None:
    content = sample(name)
    for size in (1, 2, 3, 7, 64, 4096):
        guard = _check_in_blocks(content, size)
        assert (guard.depth, guard.in_string, guard.escaped) == (0, False, False)


def test_strings_and_escapes_are_followed_across_blocks() -> None:
    # Brackets, quotes and backslashes inside strings count for nothing.
    text = json.dumps(
        {"note": 'x\\"[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{ \\\\" ' + "é" * 10}
    ).encode()
    document = b"[" * (MAX_DEPTH - 1) + text + b"]" * (MAX_DEPTH - 1)
    for size in range(1, 12):
        assert _check_in_blocks(document, size).depth == 0
    # A string going on across many blocks is measured as a whole.
    long_string = b'["' + b"ab\\n" * (MAX_STRING_BYTES // 2) + b'"]'
    with pytest.raises(ValidationFailed) as refused:
        _check_in_blocks(long_string, 1000)
    assert _file_error(refused)[2] == "json_string"
    # So is a number.
    with pytest.raises(ValidationFailed) as refused:
        _check_in_blocks(b"[" + b"7" * (MAX_LITERAL_CHARS + 1), 1)
    assert _file_error(refused) == LITERAL_ERROR


def _reference(document: bytes) -> bool:
    """Whether a byte-by-byte reading refuses `document` (an escape counts as one byte)."""
    depth = run = 0
    in_string = escaped = False
    for byte in document:
        char = chr(byte)
        if in_string:
            if escaped:
                escaped, run = False, run + 1
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string, run = False, 0
            else:
                run += 1
            if run > MAX_STRING_BYTES:
                return True
        elif char == '"':
            in_string, run = True, 0
        elif char in "[{":
            depth, run = depth + 1, 0
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth, run = depth - 1, 0
        elif char in " \t\n\r\f\v,:":
            run = 0
        else:
            run += 1
            if run > MAX_LITERAL_CHARS:
                return True
    return False


_TOKENS = st.one_of(
    st.sampled_from([b"[", b"]", b"{", b"}", b",", b":", b" ", b"\n", b"true", b"-1.5e3"]),
    st.integers(1, MAX_LITERAL_CHARS + 3).map(lambda n: b"9" * n),
    st.text(alphabet='ab"\\[]{} é', max_size=12).map(lambda t: json.dumps(t).encode()),
)


@settings(max_examples=300, deadline=None)
@given(
    tokens=st.lists(_TOKENS, max_size=120),
    cuts=st.lists(st.integers(1, 40), min_size=1, max_size=8),
)
def test_the_guard_decides_as_a_byte_by_byte_reading(tokens: list[bytes], cuts: list[int]) -> None:
    document = b"".join(tokens)
    guard = JsonGuard()
    refused = False
    start, turn = 0, 0
    try:
        while start < len(document):
            size = cuts[turn % len(cuts)]
            guard.check(document[start : start + size])
            start, turn = start + size, turn + 1
    except ValidationFailed:
        refused = True
    assert refused == _reference(document)


def test_a_backup_with_such_a_number_is_refused_by_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    engine = create_db_engine(url)
    with make_session_factory(engine)() as session:
        session.add(User(username="alice", password_hash="-"))
        session.commit()
    monkeypatch.setenv("PMS_DATABASE_URL", url)
    monkeypatch.setenv("PMS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PMS_SECRET_KEY", "a-secret-key-for-the-cli-tests-of-pms")
    get_settings.cache_clear()
    backup = tmp_path / "backup.json"
    backup.write_bytes(_backup(b'{"type": "DEPOSIT", "amount": ' + HUGE + b"}"))
    try:
        result = CliRunner().invoke(cli, ["import", str(backup), "-f", "pms-json", "-u", "alice"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2, result.output
    assert LITERAL_ERROR[1] in result.output
    with make_session_factory(engine)() as session:
        assert session.query(Transaction).count() == 0
    engine.dispose()
