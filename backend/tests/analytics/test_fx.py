"""Currency conversion: direct pairs, inverses, crosses through USD then EUR, forward fill."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from pms.analytics import DailySeries, MissingExchangeRate
from pms.analytics.fx import Converter, ExchangeRates


def series(*pairs: tuple[str, str]) -> DailySeries:
    return DailySeries.from_pairs((date.fromisoformat(d), Decimal(v)) for d, v in pairs)


RATES = ExchangeRates(
    {
        ("EUR", "USD"): series(("2024-01-02", "1.10"), ("2024-01-05", "1.20")),
        ("EUR", "GBP"): series(("2024-01-02", "0.85")),
        ("USD", "JPY"): series(("2024-01-02", "150")),
        ("EUR", "JPY"): series(("2024-01-02", "170")),
    }
)


def test_a_direct_pair_is_used_as_stored() -> None:
    assert RATES.rate("EUR", "USD", date(2024, 1, 2)) == Decimal("1.10")


def test_a_rate_is_forward_filled_to_later_days() -> None:
    assert RATES.rate("EUR", "USD", date(2024, 1, 4)) == Decimal("1.10")
    assert RATES.rate("EUR", "USD", date(2024, 1, 5)) == Decimal("1.20")
    assert RATES.rate("EUR", "USD", date(2030, 1, 1)) == Decimal("1.20")


def test_before_the_first_rate_the_first_rate_is_used() -> None:
    assert RATES.rate("EUR", "USD", date(2023, 6, 1)) == Decimal("1.10")


def test_the_missing_direction_is_the_inverse_of_the_reverse_pair() -> None:
    assert RATES.rate("USD", "EUR", date(2024, 1, 5)) == Decimal(1) / Decimal("1.20")


def test_an_inverse_is_preferred_to_a_cross() -> None:
    # JPY → USD → EUR would give 1/150 × 1/1.10; the reverse pair EUR/JPY is used instead.
    assert RATES.rate("JPY", "EUR", date(2024, 1, 2)) == Decimal(1) / Decimal(170)


def test_without_a_route_through_usd_a_pair_is_crossed_through_eur() -> None:
    # GBP → JPY: no pair either way and no GBP/USD, so GBP → EUR → JPY.
    expected = Decimal(1) / Decimal("0.85") * Decimal(170)
    assert RATES.rate("GBP", "JPY", date(2024, 1, 2)) == expected


def test_usd_is_preferred_to_eur_for_a_cross() -> None:
    rates = ExchangeRates(
        {
            ("CHF", "USD"): series(("2024-01-02", "1.15")),
            ("USD", "SEK"): series(("2024-01-02", "10.0")),
            ("CHF", "EUR"): series(("2024-01-02", "1.05")),
            ("EUR", "SEK"): series(("2024-01-02", "11.5")),
        }
    )
    assert rates.rate("CHF", "SEK", date(2024, 1, 2)) == Decimal("1.15") * Decimal("10.0")


def test_a_currency_without_any_route_is_refused() -> None:
    with pytest.raises(MissingExchangeRate, match="from CHF to USD"):
        RATES.rate("CHF", "USD", date(2024, 1, 2))


def test_the_float_series_agrees_with_the_exact_rates() -> None:
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-01-08"))
    rates = RATES.series("USD", "EUR", days)
    expected = [1 / 1.10] * 4 + [1 / 1.20] * 3
    assert rates.tolist() == pytest.approx(expected, rel=1e-15)


def test_the_converter_converts_into_its_target_at_the_rate_of_the_day() -> None:
    converter = Converter(RATES, "EUR")
    assert converter.convert(Decimal("110"), "USD", date(2024, 1, 3)) == Decimal(100)
    assert converter.convert(Decimal("12.34"), "EUR", date(2024, 1, 3)) == Decimal("12.34")
