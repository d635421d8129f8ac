"""An import that trades a provider instrument fetches its price history from the earliest
imported transaction, as adding the instrument or an older transaction by hand does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pms.services.imports.catalogue import InstrumentInfo
from tests import factories
from tests.imports.helpers import upload
from tests.market.fake_yahoo import FakeYahoo, recorded_chart
from tests.market.services.test_market_data import AAPL

HEADER = "date,type,account,symbol,instrument_currency,quantity,price,currency\n"
ROWS = "2020-09-01,BUY,Main,AAPL,USD,2,130,USD\n2020-08-26,BUY,Main,AAPL,USD,1,500,USD\n"


class _KnowsApple:
    def lookup(self, query: str) -> InstrumentInfo | None:
        if query.upper() != "AAPL":
            return None
        return InstrumentInfo(
            symbol="AAPL", name="Apple Inc.", currency="USD", asset_class="equity", exchange="NMS"
        )


def closes(client: TestClient, headers: dict[str, str], instrument_id: int) -> dict[str, str]:
    response = client.get(
        f"/api/v1/instruments/{instrument_id}/prices", headers=headers, params={"limit": 1000}
    )
    assert response.status_code == 200, response.text
    return {p["date"]: p["close"] for p in response.json()["items"]}


def test_an_import_backfills_its_provider_instruments_from_their_first_trade(
    app: FastAPI, client: TestClient, alice: dict[str, str], fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    app.state.instrument_resolver = _KnowsApple()
    factories.account(client, alice, name="Main", currency="USD")

    dry = upload(client, alice, (HEADER + ROWS).encode(), format="pms-csv", dry_run=True)
    assert dry.status_code == 200, dry.text
    assert fake_yahoo.history_calls() == []  # a dry run fetches nothing

    response = upload(client, alice, (HEADER + ROWS).encode(), format="pms-csv")

    assert response.status_code == 200, response.text
    (created,) = response.json()["instruments_created"]
    assert created["data_source"] == "yahoo"
    stored = closes(client, alice, created["id"])
    # From the earliest imported trade (2020-08-26), as traded: before the 4:1 split of 08-31.
    assert min(stored) == date(2020, 8, 26).isoformat()
    assert Decimal(stored["2020-08-28"]) == Decimal("499.23")
    assert Decimal(stored["2020-08-31"]) == Decimal("129.04")
