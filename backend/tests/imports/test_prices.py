"""Price histories into one instrument."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.imports.helpers import sample, upload


def _prices(
    client: TestClient, headers: dict[str, str], instrument: int
) -> dict[str, tuple[str, str | None]]:
    items = client.get(f"/api/v1/instruments/{instrument}/prices", headers=headers).json()["items"]
    return {p["date"]: (p["close"], p["volume"]) for p in items}


def test_a_yahoo_history_is_stored_as_traded_across_a_split(
    client: TestClient, alice: dict[str, str]
) -> None:
    aapl = factories.instrument(client, alice, symbol="AAPL", currency="USD")["id"]
    split = {"date": "2020-08-31", "numerator": 4, "denominator": 1}
    assert (
        client.post(f"/api/v1/instruments/{aapl}/splits", headers=alice, json=split).status_code
        == 201
    )
    response = upload(
        client,
        alice,
        sample("yahoo_aapl_2020.csv"),
        format="prices-csv",
        instrument_id=aapl,
        split_adjusted=True,
    )
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["prices"] == 10
    prices = _prices(client, alice, aapl)
    # Yahoo's 124.80750274658203 (split-adjusted, to ten places) × 4: the real close of 499.23.
    assert prices["2020-08-28"] == ("499.2300109864", "46907500")
    # 125.8574981689 × 4, and the volume ÷ 4.
    assert prices["2020-08-24"] == ("503.4299926756", "86484400")
    # From the split on, the file is as traded already.
    assert prices["2020-08-31"] == ("129.0399932861", "225702700")
    assert prices["2020-09-04"] == ("120.9599990845", "332607200")


def test_a_pp_price_export_with_german_numbers_upserts_by_date(
    client: TestClient, alice: dict[str, str]
) -> None:
    fund = factories.instrument(
        client, alice, symbol="DWS-TOP", currency="EUR", asset_class="fund"
    )["id"]
    first = upload(
        client, alice, sample("pp_prices_de.csv"), format="prices-csv", instrument_id=fund
    )
    assert first.status_code == 200, first.text
    assert first.json()["detected"]["decimal_separator"] == ","
    assert {d: c for d, (c, _) in _prices(client, alice, fund).items()} == {
        "2024-01-02": "1102.45",
        "2024-01-03": "1098.10",
        "2024-01-04": "1105.3275",
        "2024-01-05": "1111.00",
    }
    again = upload(
        client, alice, sample("pp_prices_de.csv"), format="prices-csv", instrument_id=fund
    )
    assert (again.json()["counts"]["duplicates"], again.json()["counts"]["prices"]) == (4, 0)
    corrected = sample("pp_prices_de.csv").replace(b"1.098,10", b"1.099,00")
    third = upload(client, alice, corrected, format="prices-csv", instrument_id=fund).json()
    assert (third["counts"]["updates"], third["counts"]["duplicates"]) == (1, 3)
    assert [r["status"] for r in third["rows"]] == ["duplicate", "update", "duplicate", "duplicate"]
    assert _prices(client, alice, fund)["2024-01-03"][0] == "1099.00"


def test_prices_need_an_instrument_the_user_can_see(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    theirs = factories.instrument(client, bob, symbol="BOBS", currency="EUR")["id"]
    missing = upload(client, alice, sample("pp_prices_de.csv"), format="prices-csv")
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "instrument_id"
    hidden = upload(
        client, alice, sample("pp_prices_de.csv"), format="prices-csv", instrument_id=theirs
    )
    assert hidden.status_code == 404
    assert _prices(client, bob, theirs) == {}
