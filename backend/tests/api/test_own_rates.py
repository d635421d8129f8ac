"""A user's own exchange rates (`/fx-rates/own/{base}/{quote}`): any user may keep them, they count
over the shared rates of the same day in that user's reports only, and `GET /fx-rates/needed` says
which rates a portfolio needs and where each comes from (issue 13, items 7 and 8)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO

Headers = dict[str, str]
D = Decimal
MONDAY, FRIDAY, SUNDAY = "2024-03-04", "2024-03-08", "2024-03-10"
OWN = "/api/v1/fx-rates/own"


def _apple(client: TestClient, headers: Headers) -> None:
    """3 AAPL bought Monday at 175.10 USD, closing 170.73 on Friday."""
    account = factories.account(client, headers, name="US", currency="USD")
    instrument = factories.instrument(
        client, headers, symbol="AAPL", name="Apple", currency="USD", data_source="manual"
    )
    closes = [{"date": MONDAY, "close": "175.10"}, {"date": FRIDAY, "close": "170.73"}]
    url = f"/api/v1/instruments/{instrument['id']}/prices"
    assert client.put(url, headers=headers, json=closes).status_code == 200
    factories.buy(client, headers, account["id"], instrument["id"], MONDAY, "3", "175.10")


def _summary(client: TestClient, headers: Headers) -> Any:
    response = client.get(f"{PORTFOLIO}/summary", headers=headers, params={"as_of": SUNDAY})
    assert response.status_code == 200, response.text
    return response.json()


def _cents(value: str) -> Decimal:
    return D(value).quantize(D("0.01"))


def test_own_rates_count_for_their_owner_only(
    client: TestClient, alice: Headers, bob: Headers
) -> None:
    _apple(client, alice)
    _apple(client, bob)
    alice_before = client.get(f"{PORTFOLIO}/summary", headers=alice, params={"as_of": SUNDAY})
    # ECB: 1.0932 USD per EUR on Friday
    assert _cents(_summary(client, bob)["market_value"]) == _cents(str(D("512.19") / D("1.0932")))

    put = client.put(f"{OWN}/EUR/USD", headers=bob, json=[{"date": FRIDAY, "rate": "1.25"}])
    assert put.status_code == 200, put.text
    assert put.json()["items"] == [{"date": FRIDAY, "rate": "1.25"}]

    # Bob's report uses his rate at once (the cached summary is not served again) …
    assert _cents(_summary(client, bob)["market_value"]) == D("409.75")  # 512.19 / 1.25
    # … the shared rates and Alice's figures are untouched.
    shared = client.get("/api/v1/fx-rates/EUR/USD", headers=bob).json()
    assert shared["total"] == 0
    alice_after = client.get(f"{PORTFOLIO}/summary", headers=alice, params={"as_of": SUNDAY})
    assert alice_after.content == alice_before.content
    assert client.get(f"{OWN}/EUR/USD", headers=alice).json()["total"] == 0
    assert client.get(f"{OWN}/EUR/USD", headers=bob).json()["total"] == 1

    # Removing it brings the ECB rate back.
    assert client.delete(f"{OWN}/EUR/USD", headers=bob).status_code == 204
    assert _cents(_summary(client, bob)["market_value"]) == _cents(str(D("512.19") / D("1.0932")))


def test_an_own_rate_of_the_pair_stored_the_other_way_round_wins_in_both_directions(
    client: TestClient, alice: Headers
) -> None:
    _apple(client, alice)
    factories.rates(client, "USD/EUR", [("2024-03-01", "0.9")])
    assert _cents(_summary(client, alice)["market_value"]) == D("460.97")  # 512.19 × 0.9

    client.put(f"{OWN}/EUR/USD", headers=alice, json=[{"date": FRIDAY, "rate": "1.25"}])

    assert _cents(_summary(client, alice)["market_value"]) == D("409.75")  # 512.19 / 1.25
    in_usd = client.get(
        f"{PORTFOLIO}/summary", headers=alice, params={"as_of": SUNDAY, "currency": "USD"}
    ).json()
    assert in_usd["market_value"] == "512.19"


def test_own_rates_bring_in_a_currency_nothing_else_covers(
    client: TestClient, alice: Headers
) -> None:
    account = factories.account(client, alice, name="TW", currency="TWD")
    tsmc = factories.instrument(
        client, alice, symbol="2330.TW", name="TSMC", currency="TWD", data_source="manual"
    )
    url = f"/api/v1/instruments/{tsmc['id']}/prices"
    client.put(url, headers=alice, json=[{"date": FRIDAY, "close": "700"}])
    factories.buy(client, alice, account["id"], tsmc["id"], MONDAY, "1000", "690")
    assert [w["code"] for w in _summary(client, alice)["warnings"]] == ["rate_missing"]

    needed = client.get("/api/v1/fx-rates/needed", headers=alice).json()
    assert [(n["pair"], n["source"], n["rate"]) for n in needed["items"]] == [
        ("TWD/EUR", "none", None)
    ]

    rows = [{"date": MONDAY, "rate": "0.0290"}, {"date": FRIDAY, "rate": "0.0285"}]
    assert client.put(f"{OWN}/TWD/EUR", headers=alice, json=rows).status_code == 200

    summary = _summary(client, alice)
    assert summary["market_value"] == "19950.00"  # 1000 × 700 × 0.0285
    assert summary["cost_basis"] == "20010.00"  # 1000 × 690 × 0.0290
    assert summary["warnings"] == []
    (need,) = client.get("/api/v1/fx-rates/needed", headers=alice).json()["items"]
    assert (need["source"], need["rate"], need["rate_date"]) == ("own", "0.0285", FRIDAY)
    assert need["own"] == {"first": MONDAY, "last": FRIDAY, "count": 2}
    assert need["ecb"] is None


def test_needed_names_each_currency_with_its_source_and_coverage(
    client: TestClient, alice: Headers
) -> None:
    _apple(client, alice)
    factories.account(client, alice, name="UK", currency="GBP")
    factories.rates(client, "GBP/EUR", [("2024-03-01", "1.17"), ("2024-03-04", "1.18")])

    body = client.get("/api/v1/fx-rates/needed", headers=alice).json()

    assert body["currency"] == "EUR"
    found = {n["currency"]: n for n in body["items"]}
    assert set(found) == {"GBP", "USD"}
    assert found["USD"]["source"] == "ecb"
    assert found["USD"]["ecb"]["first"] == "1999-01-04"
    assert found["USD"]["stored"] is None
    assert found["GBP"]["source"] == "stored"
    assert found["GBP"]["stored"] == {"first": "2024-03-01", "last": "2024-03-04", "count": 2}
    assert found["GBP"]["stored_source"] == "manual"
    assert (found["GBP"]["rate"], found["GBP"]["rate_date"]) == ("1.18", "2024-03-04")


def test_own_rates_are_checked_like_shared_ones(client: TestClient, alice: Headers) -> None:
    cases: list[tuple[str, Any, str]] = [
        ("EUR/EUR", [{"date": FRIDAY, "rate": "1"}], "quote"),
        ("EUR/XXY", [{"date": FRIDAY, "rate": "1"}], "quote"),
        ("EUR/USD", [{"date": FRIDAY, "rate": "0"}], "0.rate"),
        ("EUR/USD", [{"date": FRIDAY, "rate": "1"}, {"date": FRIDAY, "rate": "2"}], "1.date"),
    ]
    for pair, rows, field in cases:
        response = client.put(f"{OWN}/{pair}", headers=alice, json=rows)
        assert response.status_code == 422, (pair, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert any(field in e["field"] for e in response.json()["errors"]), response.text
    assert client.get(f"{OWN}/EUR/USD", headers=alice).json()["total"] == 0


def test_the_backup_carries_own_rates_and_restores_them_as_the_restorers_own(
    client: TestClient, alice: Headers, bob: Headers
) -> None:
    _apple(client, alice)
    rows = [{"date": MONDAY, "rate": "1.2"}, {"date": FRIDAY, "rate": "1.25"}]
    client.put(f"{OWN}/EUR/USD", headers=alice, json=rows)
    backup = client.get("/api/v1/export", headers=alice)
    assert backup.status_code == 200
    assert backup.json()["own_fx_rates"] == [{"base": "EUR", "quote": "USD", "rates": rows}]

    restored = client.post(
        "/api/v1/imports",
        headers=bob,
        params={"format": "pms-json"},
        files={"file": ("backup.json", backup.content, "application/json")},
    )
    assert restored.status_code in (200, 201), restored.text
    listed = client.get(f"{OWN}/EUR/USD", headers=bob).json()["items"]
    assert listed == [{"date": MONDAY, "rate": "1.20"}, {"date": FRIDAY, "rate": "1.25"}]
    # Bob's figures now use them; Alice keeps hers; nothing shared was written.
    assert _cents(_summary(client, bob)["market_value"]) == D("409.75")
    assert client.get(f"{OWN}/EUR/USD", headers=alice).json()["total"] == 2
    assert client.get("/api/v1/fx-rates/EUR/USD", headers=bob).json()["total"] == 0


def test_a_trades_own_rate_values_a_currency_nothing_else_covers(
    client: TestClient, alice: Headers
) -> None:
    # TSMC bought from a EUR account at 0.0290 EUR per TWD: that rate values the position
    # (forward filled, as stored rates are) rather than leaving it out.
    account = factories.account(client, alice, name="Broker", currency="EUR")
    tsmc = factories.instrument(
        client, alice, symbol="2330.TW", name="TSMC", currency="TWD", data_source="manual"
    )
    url = f"/api/v1/instruments/{tsmc['id']}/prices"
    closes = [{"date": MONDAY, "close": "690"}, {"date": FRIDAY, "close": "700"}]
    client.put(url, headers=alice, json=closes)
    factories.buy(client, alice, account["id"], tsmc["id"], MONDAY, "1000", "690", fx_rate="0.0290")

    summary = _summary(client, alice)

    assert summary["market_value"] == "20300.00"  # 1000 × 700 × 0.0290
    assert summary["cost_basis"] == "20010.00"  # 1000 × 690 × 0.0290
    assert [w["code"] for w in summary["warnings"]] == []
    (need,) = client.get("/api/v1/fx-rates/needed", headers=alice).json()["items"]
    assert (need["pair"], need["source"], need["rate"]) == ("TWD/EUR", "transactions", "0.029")


def test_a_trades_own_rate_crosses_with_the_ecb_into_the_reporting_currency(
    client: TestClient, alice: Headers
) -> None:
    # TSMC bought from a USD account at 0.0312 USD per TWD, reported in EUR: TWD → USD from the
    # trade, USD → EUR from the ECB (1.0932 USD per EUR on Friday).
    account = factories.account(client, alice, name="US broker", currency="USD")
    tsmc = factories.instrument(
        client, alice, symbol="2330.TW", name="TSMC", currency="TWD", data_source="manual"
    )
    url = f"/api/v1/instruments/{tsmc['id']}/prices"
    closes = [{"date": MONDAY, "close": "690"}, {"date": FRIDAY, "close": "700"}]
    client.put(url, headers=alice, json=closes)
    factories.buy(client, alice, account["id"], tsmc["id"], MONDAY, "1000", "690", fx_rate="0.0312")

    summary = _summary(client, alice)

    assert _cents(summary["market_value"]) == _cents(str(D("21840") / D("1.0932")))
    assert summary["warnings"] == []
    in_usd = client.get(
        f"{PORTFOLIO}/summary", headers=alice, params={"as_of": SUNDAY, "currency": "USD"}
    ).json()
    assert in_usd["market_value"] == "21840.00"  # 1000 × 700 × 0.0312
