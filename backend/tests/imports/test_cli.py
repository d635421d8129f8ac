"""`pms import` and `pms export`, acting as a named user on the configured database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from pms.cli import app
from pms.db.migrate import upgrade
from pms.db.models import Account, Transaction, User
from pms.db.session import create_db_engine, make_session_factory
from pms.settings import get_settings
from tests.imports.helpers import FIXTURES


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    engine = create_db_engine(url)
    with make_session_factory(engine)() as session:
        user = User(username="alice", password_hash="-")
        session.add(user)
        session.flush()
        session.add(
            Account(
                user_id=user.id, name="Broker", kind="brokerage", currency="EUR", track_cash=True
            )
        )
        session.commit()
    engine.dispose()
    monkeypatch.setenv("PMS_DATABASE_URL", url)
    monkeypatch.setenv("PMS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PMS_SECRET_KEY", "a-secret-key-for-the-cli-tests-of-pms")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _count(url: str) -> int:
    engine = create_db_engine(url)
    with make_session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(Transaction)) or 0
    engine.dispose()
    return total


def test_pms_import_dry_run_then_import_then_again(database: str) -> None:
    runner = CliRunner()
    args = [
        "import",
        str(FIXTURES / "pp_en.csv"),
        "--format",
        "pp-csv",
        "--user",
        "alice",
        "--account",
        "Broker",
    ]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "13 rows: 13 new, 0 duplicates, 0 updates, 0 refused; 13 transactions" in dry.stdout
    assert "dry run, nothing written" in dry.stdout
    assert _count(database) == 0
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert done.stdout.strip().endswith("written")
    assert _count(database) == 13
    again = runner.invoke(app, args)
    assert "0 new, 13 duplicates" in again.stdout
    assert _count(database) == 13


def test_pms_import_reports_refused_lines_and_exits_1(database: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,type,amount,currency\n2024-01-02,DEPOSIT,10,EUR\n2024-01-03,DEPOSIT,ten,EUR\n"
    )
    result = CliRunner().invoke(
        app, ["import", str(bad), "-f", "pms-csv", "-u", "alice", "--account", "Broker"]
    )
    assert result.exit_code == 1
    assert "line 3: amount: 'ten' is not a number" in result.stderr
    assert "nothing written" in result.stdout
    assert _count(database) == 0


def test_pms_import_counts_every_refused_row_beyond_those_listed(
    database: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,type,amount,currency\n"
        + "".join(f"2024-01-02,DEPOSIT,ten{n},EUR\n" for n in range(1_500))
    )
    result = CliRunner().invoke(
        app, ["import", str(bad), "-f", "pms-csv", "-u", "alice", "--account", "Broker"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("is not a number") == 200
    assert "… and 1300 more refused rows" in result.stderr
    assert "1500 refused" in result.stdout
    assert _count(database) == 0


def test_pms_import_refuses_an_unknown_user(database: str) -> None:
    result = CliRunner().invoke(
        app, ["import", str(FIXTURES / "pp_en.csv"), "-f", "pp-csv", "-u", "mallory"]
    )
    assert result.exit_code == 2
    assert "no user named 'mallory'" in result.output


def test_pms_export_writes_the_backup(database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(
        app,
        [
            "import",
            str(FIXTURES / "pp_en.csv"),
            "-f",
            "pp-csv",
            "-u",
            "alice",
            "--account",
            "Broker",
        ],
    )
    target = tmp_path / "backup.json"
    result = runner.invoke(app, ["export", "--user", "alice", "--output", str(target)])
    assert result.exit_code == 0, result.output
    backup = json.loads(target.read_text())
    assert backup["format"] == "pms-backup"
    assert [a["name"] for a in backup["accounts"]] == ["Broker"]
    assert len(backup["transactions"]) == 13
    assert backup["transactions"][2]["fx_rate"] == "0.92"
