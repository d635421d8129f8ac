"""The market-data endpoints, through the public API, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.db.models import Job, Price, Split, User
from pms.market.providers.base import SplitEvent
from pms.market.store import store_splits
from tests.market.factories import make_account, make_buy, make_instrument
from tests.market.fake_yahoo import FakeYahoo, chart_payload, recorded_chart

PROBLEM = "application/problem+json"
AAPL = "chart-AAPL-2020-08-24-to-2020-11-07-composed.json"


def user_named(session: Session, name: str) -> User:
    session.expire_all()
    user = session.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


# -- lookup ---------------------------------------------------------------------------------------


def test_lookup_answers_candidates_with_currency_and_exchange(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.searches["aapl"] = recorded_chart("search-AAPL.json")

    response = client.get("/api/v1/instruments/lookup", params={"q": "AAPL"}, headers=alice)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 2
    assert body["items"][0] == {
        "symbol": "AAPL",
        "name": "Apple Inc.",
        "currency": "USD",
        "exchange": "NASDAQ",
        "asset_class": "equity",
        "sector": "Technology",
        "country": None,
        "data_source": "yahoo",
    }


def test_lookup_answers_from_the_cache_the_second_time(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.searches["aapl"] = recorded_chart("search-AAPL.json")
    first = client.get("/api/v1/instruments/lookup", params={"q": "AAPL"}, headers=alice)
    fake_yahoo.offline = True

    second = client.get("/api/v1/instruments/lookup", params={"q": "aapl "}, headers=alice)

    assert second.status_code == 200
    assert second.json() == first.json()
    assert len([c for c in fake_yahoo.calls if c.path == "/v1/finance/search"]) == 1


def test_lookup_with_the_provider_unreachable_is_a_503_problem(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True

    response = client.get("/api/v1/instruments/lookup", params={"q": "apple"}, headers=alice)

    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["retry-after"]
    body = response.json()
    assert (body["status"], body["title"]) == (503, "Market data provider unavailable")
    assert "could not be reached" in body["detail"]


def test_after_a_failure_lookups_answer_at_once_without_asking(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.fail("timeout")
    assert (
        client.get("/api/v1/instruments/lookup", params={"q": "a"}, headers=alice).status_code
        == 503
    )
    asked = len(fake_yahoo.data_calls())

    response = client.get("/api/v1/instruments/lookup", params={"q": "b"}, headers=alice)

    assert response.status_code == 503
    assert "stored data is still served" in response.json()["detail"]
    assert len(fake_yahoo.data_calls()) == asked


def test_lookup_with_an_unusable_answer_is_a_502_problem(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.fail("garbage")

    response = client.get("/api/v1/instruments/lookup", params={"q": "apple"}, headers=alice)

    assert response.status_code == 502
    assert response.headers["content-type"] == PROBLEM


def test_lookup_needs_a_short_query_and_a_signed_in_user(
    client: TestClient, alice: dict[str, str]
) -> None:
    assert client.get("/api/v1/instruments/lookup", params={"q": "AAPL"}).status_code == 401
    empty = client.get("/api/v1/instruments/lookup", params={"q": ""}, headers=alice)
    long = client.get("/api/v1/instruments/lookup", params={"q": "x" * 65}, headers=alice)
    assert (empty.status_code, long.status_code) == (422, 422)
    assert empty.json()["errors"][0]["field"] == "q"


# -- refresh and jobs -----------------------------------------------------------------------------


def test_a_refresh_job_reports_progress_and_errors_per_symbol(
    client: TestClient, alice: dict[str, str], session: Session, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    fake_yahoo.add_chart(
        "USDEUR=X",
        chart_payload("USDEUR=X", "EUR", [(date(2020, 9, 1), 0.8388)], instrument_type="CURRENCY"),
    )
    user = user_named(session, "alice")
    account = make_account(session, user, "USD")
    make_buy(session, account, make_instrument(session, "AAPL"), date(2020, 9, 1))
    make_buy(session, account, make_instrument(session, "NOSUCH"), date(2020, 9, 1))
    session.commit()

    accepted = client.post("/api/v1/market/refresh", headers=alice)

    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["job_id"]
    job = client.get(f"/api/v1/jobs/{job_id}", headers=alice).json()
    assert (job["status"], job["progress"], job["total"], job["done"]) == ("done", 1.0, 3, 3)
    assert job["errors"] == [
        {
            "symbol": "NOSUCH",
            "instrument_id": job["errors"][0]["instrument_id"],
            "reason": "unknown_symbol",
            "message": "NOSUCH history: the provider does not know this symbol",
        }
    ]
    assert job["message"] == "2 refreshed, 1 failed"
    session.expire_all()
    stored = session.scalars(select(Price.close).where(Price.date == date(2020, 8, 28))).all()
    assert stored == []  # the first trade is 2020-09-01: nothing older is fetched
    assert session.scalars(select(Price.close).where(Price.date == date(2020, 9, 1))).all() == [
        Decimal("134.18")
    ]


def test_a_refresh_with_the_provider_down_still_finishes(
    client: TestClient, alice: dict[str, str], session: Session, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True
    user = user_named(session, "alice")
    make_buy(
        session, make_account(session, user), make_instrument(session, "AAPL"), date(2020, 9, 1)
    )
    session.commit()

    job_id = client.post("/api/v1/market/refresh", headers=alice).json()["job_id"]
    job = client.get(f"/api/v1/jobs/{job_id}", headers=alice).json()

    assert job["status"] == "done"
    assert [(e["symbol"], e["reason"]) for e in job["errors"]] == [
        ("AAPL", "unreachable"),
        ("USD/EUR", "unreachable"),
    ]


def test_jobs_belong_to_the_user_who_started_them(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    job_id = client.post("/api/v1/market/refresh", headers=alice).json()["job_id"]

    assert client.get(f"/api/v1/jobs/{job_id}", headers=alice).status_code == 200
    others = client.get(f"/api/v1/jobs/{job_id}", headers=bob)
    assert others.status_code == 404
    assert others.headers["content-type"] == PROBLEM
    assert client.get("/api/v1/jobs/0123456789abcdef", headers=alice).status_code == 404
    assert client.get("/api/v1/jobs/not%20an%20id", headers=alice).status_code == 422


def test_a_refresh_body_is_validated(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post("/api/v1/market/refresh", json={"instrument_ids": [0]}, headers=alice)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "instrument_ids.0"


def test_market_status_lists_stale_instruments_with_their_reason(
    client: TestClient, alice: dict[str, str], session: Session, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True
    user = user_named(session, "alice")
    make_buy(
        session, make_account(session, user), make_instrument(session, "AAPL"), date(2020, 9, 1)
    )
    session.commit()
    client.post("/api/v1/market/refresh", headers=alice)

    response = client.get("/api/v1/market/status", params={"as_of": "2024-02-20"}, headers=alice)

    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2024-02-20"
    assert [(i["symbol"], i["last_date"], i["reason"]) for i in body["items"]] == [
        ("AAPL", None, "unreachable")
    ]


# -- CSV upload -----------------------------------------------------------------------------------

YAHOO_CSV = (
    "Date,Open,High,Low,Close,Adj Close,Volume\n"
    "2020-08-27,127.142502,127.485001,123.832497,125.010002,122.472687,155552400\n"
    "2020-08-28,126.012497,126.442497,124.577499,124.807503,122.274292,187630000\n"
    "2020-08-31,127.580002,131.000000,126.000000,129.039993,126.420876,225702700\n"
)


def upload(
    client: TestClient,
    headers: dict[str, str],
    instrument_id: int,
    text: str | bytes,
    **params: str,
):  # type: ignore[no-untyped-def]
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        f"/api/v1/instruments/{instrument_id}/prices/csv",
        files={"file": ("prices.csv", content, "text/csv")},
        params=params,
        headers=headers,
    )


def test_a_csv_price_history_is_stored_for_a_manual_instrument(
    client: TestClient, alice: dict[str, str], session: Session
) -> None:
    instrument = make_instrument(session, "MYFUND", "EUR", owner=user_named(session, "alice"))
    session.commit()

    response = upload(
        client, alice, instrument.id, "Datum;Kurs\n02.01.2024;101,50\n03.01.2024;102,25\n"
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "instrument_id": instrument.id,
        "imported": 2,
        "first_date": "2024-01-02",
        "last_date": "2024-01-03",
        "skipped_rows": [],
        "date_format": "%d.%m.%Y",
        "decimal_separator": ",",
    }
    session.expire_all()
    stored = session.scalars(select(Price).where(Price.instrument_id == instrument.id)).all()
    assert [(p.date, p.close, p.source) for p in stored] == [
        (date(2024, 1, 2), Decimal("101.5"), "manual"),
        (date(2024, 1, 3), Decimal("102.25"), "manual"),
    ]


def test_a_split_adjusted_yahoo_download_is_stored_as_traded(
    client: TestClient, alice: dict[str, str], session: Session
) -> None:
    instrument = make_instrument(session, "MYAPPLE", "USD", owner=user_named(session, "alice"))
    store_splits(session, instrument.id, [SplitEvent(date(2020, 8, 31), 4, 1)], "manual")
    session.commit()

    response = upload(client, alice, instrument.id, YAHOO_CSV, split_adjusted="true")

    assert response.status_code == 200, response.text
    session.expire_all()
    stored = {
        p.date: p.close
        for p in session.scalars(select(Price).where(Price.instrument_id == instrument.id))
    }
    assert stored == {
        date(2020, 8, 27): Decimal("500.040008"),
        date(2020, 8, 28): Decimal("499.230012"),
        date(2020, 8, 31): Decimal("129.039993"),
    }


def test_a_bad_csv_is_refused_naming_the_row_and_nothing_is_stored(
    client: TestClient, alice: dict[str, str], session: Session
) -> None:
    instrument = make_instrument(session, "MYFUND", "EUR", owner=user_named(session, "alice"))
    session.commit()

    response = upload(client, alice, instrument.id, "Date,Close\n2024-01-02,10\n2024-01-03,ten\n")

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["field"] == "row 3.Close"
    session.expire_all()
    assert session.scalars(select(Price).where(Price.instrument_id == instrument.id)).all() == []


def test_csv_upload_is_for_your_own_manual_instruments(
    client: TestClient,
    admin: dict[str, str],
    alice: dict[str, str],
    bob: dict[str, str],
    session: Session,
) -> None:
    mine = make_instrument(session, "MYFUND", "EUR", owner=user_named(session, "alice"))
    provider = make_instrument(session, "AAPL")
    session.commit()

    assert upload(client, bob, mine.id, YAHOO_CSV).status_code == 404
    # A provider instrument's prices are shared: a member may not write them at all, and even an
    # administrator refreshes them from the provider rather than from a file.
    assert upload(client, alice, provider.id, YAHOO_CSV).status_code == 403
    assert upload(client, admin, provider.id, YAHOO_CSV).status_code == 409
    assert upload(client, alice, 999_999, YAHOO_CSV).status_code == 404


def test_oversized_and_binary_uploads_are_refused(
    client: TestClient, alice: dict[str, str], session: Session
) -> None:
    instrument = make_instrument(session, "MYFUND", "EUR", owner=user_named(session, "alice"))
    session.commit()

    big = upload(client, alice, instrument.id, b"Date,Close\n" + b"2024-01-02,1\n" * 450_000)
    binary = upload(client, alice, instrument.id, b"\x89PNG\r\n\x1a\n\x00\x00")
    missing = client.post(f"/api/v1/instruments/{instrument.id}/prices/csv", headers=alice)

    assert (big.status_code, binary.status_code, missing.status_code) == (413, 422, 422)
    assert missing.json()["errors"][0]["field"] == "file"


# -- demo -----------------------------------------------------------------------------------------


def test_the_demo_loads_once_into_an_empty_account(
    client: TestClient, alice: dict[str, str], session: Session
) -> None:
    response = client.post("/api/v1/demo", headers=alice)

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["accounts"], body["instruments"], body["transactions"]) == (3, 6, 49)
    assert (body["first_date"], body["last_date"]) == ("2020-01-02", "2024-02-16")
    again = client.post("/api/v1/demo", headers=alice)
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    session.expire_all()
    split = session.scalar(select(Split))
    assert split is not None
    assert (split.date, split.numerator, split.denominator) == (date(2020, 8, 31), 4, 1)


def test_one_refresh_per_user_is_queued_at_a_time(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], session: Session
) -> None:
    user = user_named(session, "alice")
    session.add(Job(id="a" * 32, user_id=user.id, kind="market_refresh", status="running"))
    session.commit()

    answers = [client.post("/api/v1/market/refresh", headers=alice) for _ in range(5)]
    assert {(a.status_code, a.json()["job_id"], a.json()["already_running"]) for a in answers} == {
        (202, "a" * 32, True)
    }
    # Another user's refresh is theirs.
    theirs = client.post("/api/v1/market/refresh", headers=bob).json()
    assert (theirs["already_running"], theirs["job_id"] != "a" * 32) == (False, True)
    assert session.scalar(select(func.count()).select_from(Job).where(Job.user_id == user.id)) == 1

    # A job that died with its process does not hold the next one back.
    job = session.get(Job, "a" * 32)
    assert job is not None
    job.updated_at = datetime.now(UTC) - timedelta(hours=2)
    session.commit()
    fresh = client.post("/api/v1/market/refresh", headers=alice).json()
    assert (fresh["already_running"], fresh["job_id"] != "a" * 32) == (False, True)
    stalled = client.get(f"/api/v1/jobs/{'a' * 32}", headers=alice).json()
    assert stalled["status"] == "failed"
    # The inline runner finished the new one: the next request queues another.
    again = client.post("/api/v1/market/refresh", headers=alice).json()
    assert (again["already_running"], again["job_id"] != fresh["job_id"]) == (False, True)
