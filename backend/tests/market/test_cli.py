"""`pms prices refresh` and `pms demo` against the test database and the fake Yahoo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from pms import cli
from pms.db.models import Account, Price, User
from pms.runtime import Runtime
from tests.market.factories import make_account, make_buy, make_instrument, make_user
from tests.market.fake_yahoo import FakeYahoo, recorded_chart

runner = CliRunner()


@pytest.fixture(autouse=True)
def _use_test_runtime(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "close", lambda: None)
    monkeypatch.setattr(cli.server, "runtime_for_command", lambda: runtime)


def test_prices_refresh_fetches_with_a_progress_bar(
    session: Session, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart(
        "AAPL", recorded_chart("chart-AAPL-2020-08-24-to-2020-11-07-composed.json")
    )
    instrument = make_instrument(session, "AAPL")
    make_buy(session, make_account(session, make_user(session)), instrument, date(2020, 8, 27))
    session.commit()

    result = runner.invoke(cli.app, ["prices", "refresh", "--no-fx"])

    assert result.exit_code == 0, result.output
    assert "Refreshing" in result.output
    assert "1 refreshed, 0 failed" in result.output
    session.expire_all()
    close = session.scalar(select(Price.close).where(Price.date == date(2020, 8, 27)))
    assert close == Decimal("500.04")


def test_prices_refresh_lists_what_failed_and_exits_non_zero(
    session: Session, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True
    make_instrument(session, "AAPL")
    session.commit()

    result = runner.invoke(cli.app, ["prices", "refresh", "--symbol", "aapl", "--no-fx"])

    assert result.exit_code == 1
    assert "0 refreshed, 1 failed" in result.output
    assert "unreachable" in result.output


def test_prices_refresh_of_a_symbol_not_in_the_catalogue_is_refused(session: Session) -> None:
    result = runner.invoke(cli.app, ["prices", "refresh", "--symbol", "NOPE"])

    assert result.exit_code == 2
    assert "Not in the catalogue: NOPE" in result.output


def test_demo_creates_the_user_and_loads_once(session: Session) -> None:
    first = runner.invoke(cli.app, ["demo", "--username", "demo"])
    second = runner.invoke(cli.app, ["demo", "--username", "demo"])

    assert first.exit_code == 0, first.output
    assert "3 accounts, 6 instruments, 49 transactions" in first.output
    assert "Sign in as 'demo' with the password:" in first.output
    assert second.exit_code == 1
    assert "only into an empty account" in second.output
    session.expire_all()
    user = session.scalar(select(User).where(User.username == "demo"))
    assert user is not None
    assert len(session.scalars(select(Account).where(Account.user_id == user.id)).all()) == 3
