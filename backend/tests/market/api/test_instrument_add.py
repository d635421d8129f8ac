"""Adding a provider symbol through `POST /instruments`: filled in from the provider when it answers,
added all the same when it cannot be reached, refused when it does not know the symbol."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.market.fake_yahoo import FakeYahoo
from tests.market.services.test_market_lookup import SHELL_SUMMARY

INSTRUMENTS = "/api/v1/instruments"


def test_a_known_symbol_is_filled_in_from_the_provider(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.summaries["SHEL.L"] = SHELL_SUMMARY
    response = client.post(
        INSTRUMENTS, headers=alice, json={"symbol": "shel.l", "data_source": "yahoo"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["symbol"], body["name"], body["currency"], body["sector"], body["country"]) == (
        "SHEL.L",
        "Shell plc",
        "GBP",
        "Energy",
        "United Kingdom",
    )


def test_what_the_user_gives_wins_over_the_provider(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.summaries["SHEL.L"] = SHELL_SUMMARY
    body = client.post(
        INSTRUMENTS,
        headers=alice,
        json={"symbol": "SHEL.L", "data_source": "yahoo", "name": "Shell"},
    ).json()
    assert (body["name"], body["currency"]) == ("Shell", "GBP")


def test_offline_a_symbol_is_added_with_the_currency_its_form_implies(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True
    for symbol, currency in (
        ("AAPL", "USD"),
        ("VWCE.DE", "EUR"),
        ("SHEL.L", "GBP"),
        ("BTC-USD", "USD"),
    ):
        response = client.post(
            INSTRUMENTS, headers=alice, json={"symbol": symbol, "data_source": "yahoo"}
        )
        assert response.status_code == 201, response.text
        assert (response.json()["name"], response.json()["currency"]) == (symbol, currency)
    status = client.get("/api/v1/market/status", headers=alice)
    assert status.status_code == 200


def test_offline_a_symbol_of_unknown_form_needs_its_currency(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True
    refused = client.post(
        INSTRUMENTS, headers=alice, json={"symbol": "GC=F", "data_source": "yahoo"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "currency"
    given = client.post(
        INSTRUMENTS,
        headers=alice,
        json={"symbol": "GC=F", "data_source": "yahoo", "currency": "USD"},
    )
    assert given.status_code == 201


def test_a_symbol_the_provider_does_not_know_is_refused(
    client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    response = client.post(
        INSTRUMENTS, headers=alice, json={"symbol": "NOSUCH", "data_source": "yahoo"}
    )
    assert response.status_code == 422, (response.text, [c.path for c in fake_yahoo.calls])
    assert response.json()["errors"][0]["field"] == "symbol"
    assert client.get(INSTRUMENTS, headers=alice).json()["total"] == 0
