"""`GET /portfolio/tax-report`: a tax year's realized lots with terms, totals per term and per
account, income per instrument and country, fees and taxes; a UK-style tax year; the CSV and the
PDF (rendered to an image to prove it opens) (issue 15, item 3)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO

Headers = dict[str, str]
D = Decimal
REPORT = f"{PORTFOLIO}/tax-report"


def _ledger(client: TestClient, headers: Headers) -> dict[str, Any]:
    """XX (Germany) bought 10 at 100 on 2022-01-03 and 10 at 120 on 2023-06-01; 15 sold at 130 on
    2024-03-01 (fee 5); a dividend of 20 (3 withheld) on 2024-05-02 and one on 2023-12-01; a
    custody fee of 7 on 2024-07-01; interest of 4 on 2024-08-01."""
    account = factories.account(client, headers, name="Broker", currency="EUR")
    share = factories.instrument(
        client,
        headers,
        symbol="XX",
        name="Xx AG",
        currency="EUR",
        data_source="manual",
        country="Germany",
        isin="DE0007164600",
    )
    url = f"/api/v1/instruments/{share['id']}/prices"
    client.put(url, headers=headers, json=[{"date": "2024-03-01", "close": "130"}])
    a, i = account["id"], share["id"]
    factories.buy(client, headers, a, i, "2022-01-03", "10", "100")
    factories.buy(client, headers, a, i, "2023-06-01", "10", "120")
    common = {"account_id": a, "currency": "EUR"}
    factories.transaction(
        client,
        headers,
        **common,
        instrument_id=i,
        type="SELL",
        date="2024-03-01",
        quantity="15",
        price="130",
        fee="5",
    )
    for day, amount, tax in (("2023-12-01", "10", "0"), ("2024-05-02", "20", "3")):
        factories.transaction(
            client,
            headers,
            **common,
            instrument_id=i,
            type="DIVIDEND",
            date=day,
            amount=amount,
            tax=tax,
        )
    factories.transaction(client, headers, **common, type="FEE", date="2024-07-01", amount="7")
    factories.transaction(client, headers, **common, type="INTEREST", date="2024-08-01", amount="4")
    return {"account": a, "share": i}


def test_a_calendar_tax_year(client: TestClient, alice: Headers) -> None:
    _ledger(client, alice)
    response = client.get(REPORT, headers=alice, params={"year": 2024})
    assert response.status_code == 200, response.text
    body = response.json()

    assert (body["start"], body["end"], body["year"]) == ("2024-01-01", "2024-12-31", 2024)
    # 15 × 130 − 5 = 1945 shared by quantity: 1296.67 for 10, 648.33 for 5.
    rows = [
        (r["symbol"], r["isin"], r["acquired"], r["quantity"], r["proceeds"], r["cost"], r["gain"])
        for r in body["realized"]
    ]
    assert rows == [
        ("XX", "DE0007164600", "2022-01-03", "10", "1296.6666666667", "1000.00", "296.6666666667"),
        ("XX", "DE0007164600", "2023-06-01", "5", "648.3333333333", "600.00", "48.3333333333"),
    ]
    assert [(r["holding_days"], r["term"]) for r in body["realized"]] == [
        (788, "long"),
        (274, "short"),
    ]
    assert body["totals"] == {"proceeds": "1945.00", "cost": "1600.00", "gain": "345.00"}
    assert [(t["term"], t["gain"]) for t in body["by_term"]] == [
        ("short", "48.3333333333"),
        ("long", "296.6666666667"),
    ]
    (account,) = body["by_account"]
    assert (account["account"], account["gain"], account["long_gain"]) == (
        "Broker",
        "345.00",
        "296.6666666667",
    )
    # Only 2024's payments: the 2023 dividend is another year's.
    assert [
        (i["symbol"], i["country"], i["gross"], i["withholding"], i["net"]) for i in body["income"]
    ] == [
        ("XX", "Germany", "20.00", "3.00", "17.00"),
        (None, None, "4.00", "0.00", "4.00"),
    ]
    assert [(c["country"], c["net"]) for c in body["income_by_country"]] == [
        ("Germany", "17.00"),
        (None, "4.00"),
    ]
    assert body["income_totals"] == {"gross": "24.00", "withholding": "3.00", "net": "21.00"}
    # The sale's fee and the custody fee; the withholding among the taxes.
    assert (body["fees"], body["taxes"]) == ("12.00", "3.00")


def test_a_uk_tax_year_runs_from_april_6th(client: TestClient, alice: Headers) -> None:
    _ledger(client, alice)
    me = client.patch("/api/v1/auth/me", headers=alice, json={"tax_year_start": "04-06"})
    assert me.status_code == 200, me.text
    assert me.json()["tax_year_start"] == "04-06"

    body = client.get(REPORT, headers=alice, params={"year": 2023}).json()

    # 2023-04-06 … 2024-04-05: the March 2024 sale and the December 2023 dividend.
    assert (body["start"], body["end"]) == ("2023-04-06", "2024-04-05")
    assert body["totals"]["gain"] == "345.00"
    assert [(i["symbol"], i["gross"]) for i in body["income"]] == [("XX", "10.00")]
    later = client.get(REPORT, headers=alice, params={"year": 2024}).json()
    assert later["realized"] == []
    assert later["income_totals"]["gross"] == "24.00"


def test_the_csv_and_the_pdf(client: TestClient, alice: Headers, tmp_path: Path) -> None:
    _ledger(client, alice)
    text = client.get(REPORT, headers=alice, params={"year": 2024, "format": "csv"})
    assert text.status_code == 200
    assert text.headers["content-disposition"] == 'attachment; filename="tax-report-2024.csv"'
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert [(r["section"], r["symbol"], r["gain"] or r["net"]) for r in rows] == [
        ("realized", "XX", "296.67"),
        ("realized", "XX", "48.33"),
        ("income", "XX", "17.00"),
        ("income", "", "4.00"),
    ]
    pdf = client.get(REPORT, headers=alice, params={"year": 2024, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    assert len(document) == 1
    page = document[0]
    words = page.get_textpage().get_text_range()
    assert "Tax report, tax year 2024" in words
    assert "345.00 EUR" in words
    assert "DE0007164600" in words
    # Rendered to an image (the file opens and draws).
    image = page.render(scale=1.5).to_pil()
    image.save(tmp_path / "tax-report.png")
    assert image.size[0] > 1000


def test_bad_periods_are_refused(client: TestClient, alice: Headers) -> None:
    for params, field in (
        ({"year": 1800}, "year"),
        ({"year": 2024, "from": "2024-01-01"}, "year"),
        ({"from": "2024-05-01", "to": "2024-04-01"}, "to"),
        ({"format": "xls"}, "format"),
    ):
        response = client.get(REPORT, headers=alice, params=params)
        assert response.status_code == 422, (params, response.text)
        assert any(field in e["field"] for e in response.json()["errors"]), response.text
    for value in ("02-29", "13-01", "4-6"):
        response = client.patch("/api/v1/auth/me", headers=alice, json={"tax_year_start": value})
        assert response.status_code == 422, value
