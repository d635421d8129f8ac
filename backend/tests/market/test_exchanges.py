from __future__ import annotations

import pytest

from pms.enums import AssetClass
from pms.market.exchanges import asset_class_of, quote_currency_of


@pytest.mark.parametrize(
    ("symbol", "exchange", "currency"),
    [
        ("AAPL", "NMS", "USD"),
        ("SHEL.L", "LSE", "GBp"),
        ("ASML.AS", "AMS", "EUR"),
        ("NESN.SW", "EBS", "CHF"),
        ("BTC-USD", "CCC", "USD"),
        ("EURUSD=X", "CCY", "USD"),
        ("XYZ", "UNKNOWN", None),
        ("XYZ", None, None),
    ],
)
def test_quote_currency_from_symbol_or_exchange(
    symbol: str, exchange: str | None, currency: str | None
) -> None:
    assert quote_currency_of(symbol, exchange) == currency


def test_quote_types_map_onto_asset_classes() -> None:
    assert asset_class_of("ETF") == AssetClass.ETF
    assert asset_class_of("mutualfund") == AssetClass.FUND
    assert asset_class_of("CRYPTOCURRENCY") == AssetClass.CRYPTO
    assert asset_class_of(None) == AssetClass.OTHER
