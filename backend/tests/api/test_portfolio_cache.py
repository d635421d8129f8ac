"""Cached portfolio responses: a repeated request is answered from the cache byte for byte, and
every change that alters the numbers (a transaction, a close, a rate, a split, the user's
cost-basis method, base currency or risk-free rate, the date) is answered afresh."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.runtime import Runtime
from pms.services import cache_versions, portfolio
from pms.services.portfolio import caching, loading
from tests import factories
from tests.api.portfolio_scenarios import API, PORTFOLIO, Built, build

CASES = Path(__file__).parents[1] / "fixtures" / "reference_cases"
#: 146 units of X left of 161 bought; one close of 100 (FIFO cost 4400.74, average 4383.74).
FIFO = json.loads((CASES / "cost-basis-sell-after-buys-fifo.json").read_text())["scenario"]
AS_OF = {"as_of": "2021-01-31"}

Action = Callable[[TestClient, Built], Any]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The user ids the portfolio loader was called for (once per computed response)."""
    calls: list[int] = []
    original = loading.load_portfolio

    def counting(session: Any, user_id: int, **kwargs: Any) -> loading.LoadedPortfolio:
        calls.append(user_id)
        return original(session, user_id, **kwargs)

    monkeypatch.setattr(loading, "load_portfolio", counting)
    return calls


@pytest.fixture
def book(client: TestClient, alice: dict[str, str]) -> Built:
    return build(client, alice, FIFO)


def fetch(client: TestClient, book: Built, report: str = "summary", **params: Any) -> Any:
    response = client.get(f"{PORTFOLIO}/{report}", headers=book.headers, params=params)
    assert response.status_code == 200, response.text
    return response


def test_a_repeated_request_is_answered_from_the_cache(
    client: TestClient, book: Built, loads: list[int]
) -> None:
    first = fetch(client, book, **AS_OF)
    second = fetch(client, book, **AS_OF)

    assert len(loads) == 1
    assert second.content == first.content
    assert second.headers["content-type"] == "application/json"
    assert first.json()["market_value"] == "14600.00"
    # Equal parameters written differently share the entry; other parameters do not.
    fetch(client, book, currency="eur", **AS_OF)
    assert len(loads) == 1
    fetch(client, book, as_of="2021-01-30")
    fetch(client, book, "holdings", **AS_OF)
    assert len(loads) == 3


def test_an_answer_computed_while_a_write_commits_is_not_served_after_it(
    client: TestClient,
    book: Built,
    runtime: Runtime,
    loads: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[int, str, Mapping[str, caching.Parameter]]] = []
    answer = portfolio.cached_response

    def recording(
        cache: Cache,
        session: Session,
        user_id: int,
        endpoint: str,
        parameters: Mapping[str, caching.Parameter],
        produce: Callable[[], bytes],
    ) -> bytes:
        asked.append((user_id, endpoint, parameters))
        return answer(cache, session, user_id, endpoint, parameters, produce)

    monkeypatch.setattr(portfolio, "cached_response", recording)
    before = fetch(client, book, **AS_OF)
    assert before.json()["market_value"] == "14600.00"
    taken: list[str] = []

    def concurrent_read(session: Session, context: object) -> None:
        # The buy is flushed, not yet committed: a request taking its key now computes from the
        # ledger without the buy, and stores that.
        if taken:
            return
        user_id, endpoint, parameters = asked[0]
        taken.append(caching.response_key(session, user_id, endpoint, parameters))
        runtime.cache.set(taken[0], before.content, caching.TTL_SECONDS)

    event.listen(Session, "after_flush", concurrent_read)
    try:
        _buy_more(client, book)
    finally:
        event.remove(Session, "after_flush", concurrent_read)
    assert len(taken) == 1

    after = fetch(client, book, **AS_OF)
    assert after.json()["market_value"] == "15000.00"  # 150 units at 100
    assert len(loads) == 2
    # Answers computed after the commit are stored at once.
    assert fetch(client, book, **AS_OF).content == after.content
    assert len(loads) == 2


def test_a_cached_response_is_byte_identical_to_a_fresh_one(
    client: TestClient, book: Built, runtime: Runtime, loads: list[int]
) -> None:
    for report, params in (
        ("summary", AS_OF),
        ("holdings", AS_OF),
        ("performance", {"from": "2010-01-01", "to": "2021-01-31"}),
        ("allocation", AS_OF | {"by": "instrument"}),
        ("income", {"group": "year"}),
        ("realized", {"year": 2010}),
        ("realized", {"year": 2010, "format": "csv"}),
    ):
        computed = fetch(client, book, report, **params).content
        cached = fetch(client, book, report, **params).content
        with runtime.session_factory() as session:
            cache_versions.touch_ledger(session, book_user_id(client, book))
            session.commit()
        fresh = fetch(client, book, report, **params).content
        assert cached == computed == fresh, report
    assert len(loads) == 14


def cents(value: str) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def book_user_id(client: TestClient, book: Built) -> int:
    me: int = client.get(f"{API}/auth/me", headers=book.headers).json()["id"]
    return me


def _buy_more(client: TestClient, book: Built) -> None:
    factories.buy(
        client,
        book.headers,
        book.accounts["A"],
        book.instruments["X"],
        "2020-01-02",
        "4",
        "50",
    )


def _new_close(client: TestClient, book: Built) -> None:
    response = client.put(
        f"{API}/instruments/{book.instruments['X']}/prices",
        headers=book.headers,
        json=[{"date": "2021-01-29", "close": "110"}],
    )
    assert response.status_code == 200, response.text


def _split(client: TestClient, book: Built) -> None:
    response = client.post(
        f"{API}/instruments/{book.instruments['X']}/splits",
        headers=book.headers,
        json={"date": "2012-01-02", "numerator": 2, "denominator": 1},
    )
    assert response.status_code == 201, response.text


def _rates(day: str, rate: str) -> Action:
    def put(client: TestClient, book: Built) -> None:
        factories.rates(client, "EUR/USD", [(day, rate)])

    return put


def _settings(**changes: Any) -> Action:
    def patch(client: TestClient, book: Built) -> None:
        response = client.patch(f"{API}/auth/me", headers=book.headers, json=changes)
        assert response.status_code == 200, response.text

    return patch


@pytest.mark.parametrize(
    ("setup", "params", "change", "field", "before", "after"),
    [
        (None, {}, _buy_more, "market_value", "14600.00", "15000.00"),
        (None, {}, _new_close, "market_value", "14600.00", "16060.00"),
        (None, {}, _split, "market_value", "14600.00", "29200.00"),
        (None, {}, _settings(cost_basis_method="average"), "cost_basis", "4400.74", "4383.74"),
        (_rates("2010-01-01", "1.5"), {"currency": "USD"}, _rates("2021-01-29", "1.2"),
         "market_value", "21900.00", "17520.00"),
        (_rates("2010-01-01", "1.5"), {}, _settings(base_currency="USD"),
         "market_value", "14600.00", "21900.00"),
    ],
    ids=["transaction", "close", "split", "cost-basis-method", "fx-rate", "base-currency"],
)  # fmt: skip
def test_a_change_is_answered_afresh(
    client: TestClient,
    book: Built,
    loads: list[int],
    setup: Action | None,
    params: dict[str, str],
    change: Action,
    field: str,
    before: str,
    after: str,
) -> None:
    if setup is not None:
        setup(client, book)
    assert cents(fetch(client, book, **AS_OF, **params).json()[field]) == before
    assert cents(fetch(client, book, **AS_OF, **params).json()[field]) == before
    assert len(loads) == 1

    change(client, book)

    assert cents(fetch(client, book, **AS_OF, **params).json()[field]) == after
    assert len(loads) == 2


def test_the_risk_free_rate_setting_is_answered_afresh(
    client: TestClient, book: Built, loads: list[int]
) -> None:
    period = {"from": "2010-01-15", "to": "2010-03-31"}
    client.put(
        f"{API}/instruments/{book.instruments['X']}/prices",
        headers=book.headers,
        json=[
            {"date": "2010-02-01", "close": "31"},
            {"date": "2010-02-15", "close": "30"},
            {"date": "2010-03-01", "close": "36"},
            {"date": "2010-03-15", "close": "34"},
        ],
    )
    plain = fetch(client, book, "performance", **period).json()
    _settings(risk_free_rate="0.05")(client, book)
    with_rate = fetch(client, book, "performance", **period).json()

    assert len(loads) == 2
    # Sharpe = mean(b − rf_d) / stdev(b) · √252 and volatility = stdev(b) · √252
    daily = 1.05 ** (1 / 252) - 1
    expected = plain["sharpe"] - daily * 252 / plain["volatility"]
    assert with_rate["sharpe"] == pytest.approx(expected, abs=1e-9)
    assert with_rate["twr"] == plain["twr"]


def test_as_of_today_moves_to_the_next_day_at_midnight(
    client: TestClient, book: Built, runtime: Runtime, loads: list[int]
) -> None:
    runtime.market.now = lambda: datetime(2021, 1, 31, 23, 59, tzinfo=UTC)
    assert fetch(client, book).json()["as_of"] == "2021-01-31"
    runtime.market.now = lambda: datetime(2021, 2, 1, 0, 1, tzinfo=UTC)
    assert fetch(client, book).json()["as_of"] == "2021-02-01"
    assert len(loads) == 2


def test_a_report_with_nothing_convertible_is_cached_until_rates_arrive(
    client: TestClient, book: Built, loads: list[int]
) -> None:
    for _ in range(2):
        response = client.get(
            f"{PORTFOLIO}/summary", headers=book.headers, params={"currency": "ARS", **AS_OF}
        )
        # the ECB's bundled rates have no peso: everything is left out, and the report says so
        assert response.status_code == 200
        assert response.json()["market_value"] == "0.00"
        assert [w["code"] for w in response.json()["warnings"]] == ["rate_missing"]
    assert len(loads) == 1
    _rates("2010-01-01", "1.5")(client, book)
    factories.rates(client, "USD/ARS", [("2010-01-01", "90")])
    # EUR → ARS crossed through USD: 14600 × 1.5 × 90
    body = fetch(client, book, currency="ARS", **AS_OF).json()
    assert body["market_value"] == "1971000.00"
    # nothing is left out now; the single rates of 2010 are named as carried forward (and the
    # book's hand-entered closes as stale)
    assert {w["code"] for w in body["warnings"]} == {"rate_carried_forward", "price_stale"}
    assert len(loads) == 2


def test_users_do_not_share_cached_responses(
    client: TestClient, book: Built, bob: dict[str, str], loads: list[int]
) -> None:
    assert fetch(client, book, **AS_OF).json()["market_value"] == "14600.00"
    response = client.get(f"{PORTFOLIO}/summary", headers=bob, params=AS_OF)
    assert response.json()["market_value"] == "0.00"
    assert len(loads) == 2


def test_a_price_file_upload_is_answered_afresh(
    client: TestClient, book: Built, loads: list[int]
) -> None:
    assert cents(fetch(client, book, **AS_OF).json()["market_value"]) == "14600.00"
    upload = client.post(
        f"{API}/instruments/{book.instruments['X']}/prices/csv",
        headers=book.headers,
        files={"file": ("x.csv", b"Date,Close\n2021-01-29,105\n", "text/csv")},
    )
    assert upload.status_code == 200, upload.text
    assert cents(fetch(client, book, **AS_OF).json()["market_value"]) == "15330.00"  # 146 × 105
    assert len(loads) == 2


def test_loading_the_demo_is_answered_afresh(client: TestClient, alice: dict[str, str]) -> None:
    empty = client.get(f"{PORTFOLIO}/summary", headers=alice).json()
    assert empty["market_value"] == "0.00"
    assert client.post(f"{API}/demo", headers=alice).status_code == 201
    loaded = client.get(f"{PORTFOLIO}/summary", headers=alice).json()
    assert Decimal(loaded["market_value"]) > 0
