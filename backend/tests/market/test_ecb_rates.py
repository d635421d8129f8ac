"""The ECB's reference rates bundled with PMS (`pms.market.ecb`) and how the exchange rates of the
reports layer them under the stored ones (`pms.analytics.fx`).

Every expected rate below is the ECB's published value (eurofxref-hist, checked in the file itself),
not a number worked out by the code under test."""

from __future__ import annotations

import gzip
import importlib.util
import io
import sys
import time
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from pms.analytics import DailySeries, MissingExchangeRate
from pms.analytics.fx import CURRENT_DAYS, ExchangeRates
from pms.analytics.records import ReferenceRates
from pms.market import ecb
from pms.services.portfolio.loading import reference_rates

BACKEND = Path(__file__).resolve().parents[2]
BUNDLE = BACKEND / "src/pms/market/data/ecb_rates.csv.gz"
#: The last publication day in the bundle (bump it when the bundle is rebuilt).
BUNDLE_END = date(2026, 10, 30)
D = Decimal


def stored(*pairs: tuple[str, str]) -> DailySeries:
    return DailySeries.from_pairs((date.fromisoformat(d), D(v)) for d, v in pairs)


def rates(pairs: dict[tuple[str, str], DailySeries] | None = None) -> ExchangeRates:
    return ExchangeRates(pairs or {}, reference_rates())


# -- the bundle -----------------------------------------------------------------------------------


def test_the_bundle_is_small_and_spans_1999_to_its_release() -> None:
    assert BUNDLE.stat().st_size < 600_000
    bundle = ecb.ecb_rates()
    assert (bundle.dates[0].astype(date), bundle.end) == (date(1999, 1, 4), BUNDLE_END)
    assert len(bundle.codes) == 41
    assert {"USD", "GBP", "JPY", "CHF", "CYP", "RUB", "ILS", "BGN"} <= set(bundle.codes)
    assert ecb.currencies()[:3] == ["AUD", "BGN", "BRL"]
    assert "EUR" in ecb.currencies()
    # Currencies the ECB still published on the last day are carried forward; others are not.
    assert {"USD", "GBP", "JPY"} <= bundle.current
    assert not {"RUB", "CYP", "BGN", "HRK"} & bundle.current


def test_every_bundled_rate_reads_back_as_the_published_decimal() -> None:
    """The floats the reports compute with give back the ECB's decimals exactly."""
    text = gzip.decompress(BUNDLE.read_bytes()).decode("ascii").splitlines()
    bundle = ecb.ecb_rates()
    checked = 0
    for line in text[1:]:
        code, *cells = line.split(",")
        _, values = bundle.series(code)
        published = [cell for cell in cells if cell]
        assert len(published) == values.size
        for cell, value in zip(published, values.tolist(), strict=True):
            assert D(repr(value)) == D(cell), (code, cell)
        checked += len(published)
    assert checked > 190_000


def test_the_bundle_loads_quickly_and_once() -> None:
    ecb._load.cache_clear()
    started = time.perf_counter()
    bundle = ecb.ecb_rates()
    bundle.series("USD")
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0  # ~0.02 s on a laptop; generous for loaded CI machines
    assert ecb.ecb_rates() is bundle
    assert reference_rates().series["USD"] is reference_rates().series["USD"]


@pytest.mark.parametrize(
    ("code", "day", "published"),
    [
        ("USD", date(2020, 8, 28), "1.1915"),
        ("USD", date(1999, 1, 4), "1.1789"),
        ("GBP", date(2024, 3, 8), "0.85168"),
        ("JPY", date(2024, 3, 8), "160.99"),
        ("RUB", date(2022, 3, 1), "117.201"),  # the last RUB rate: the ECB suspended it after
        ("CYP", date(2007, 12, 31), "0.585274"),  # the last: Cyprus adopted the euro in 2008
        ("ILS", date(2011, 1, 3), "4.7278"),  # the first: the ECB added the shekel in 2011
        ("USD", BUNDLE_END, "1.1172"),
    ],
)
def test_published_values(code: str, day: date, published: str) -> None:
    assert ecb.rate(code, day) == D(published)
    assert str(ecb.rate(code, day)) == published


def test_a_day_without_publication_has_no_ecb_rate() -> None:
    assert ecb.rate("USD", date(2020, 8, 29)) is None  # a Saturday
    assert ecb.rate("ILS", date(2010, 12, 31)) is None  # before the shekel was published
    assert ecb.rate("ARS", date(2020, 8, 28)) is None  # never published
    assert ecb.rate("EUR", date(2020, 8, 29)) == 1


def test_the_bundle_tag_names_the_file() -> None:
    data = BUNDLE.read_bytes()
    assert ecb.bundle_tag().startswith(f"{len(data)}-")


# -- reference rates in the conversions -----------------------------------------------------------


def test_a_euro_rate_is_the_ecb_rate_of_the_day() -> None:
    assert rates().rate("EUR", "USD", date(2020, 8, 28)) == D("1.1915")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 8, 29), "1.1915"),  # Saturday: Friday's rate
        (date(2020, 8, 30), "1.1915"),  # Sunday
        (date(2020, 8, 31), "1.194"),  # Monday's own
        (date(2024, 3, 29), "1.0811"),  # Good Friday, a TARGET holiday: Maundy Thursday's rate
        (date(2024, 4, 1), "1.0811"),  # Easter Monday
        (date(2024, 4, 2), "1.0749"),
    ],
)
def test_weekends_and_holidays_take_the_previous_business_days_rate(
    day: date, expected: str
) -> None:
    assert rates().rate("EUR", "USD", day) == D(expected)


def test_the_inverse_is_exact() -> None:
    assert rates().rate("USD", "EUR", date(2020, 8, 28)) == D(1) / D("1.1915")


def test_two_other_currencies_are_crossed_through_the_euro() -> None:
    fx = rates()
    # USD → EUR → GBP on 2024-03-08: 0.85168 GBP and 1.0932 USD per EUR
    assert fx.rate("USD", "GBP", date(2024, 3, 8)) == D("0.85168") / D("1.0932")
    assert fx.rate("JPY", "CHF", date(2020, 8, 28)) == D("1.0758") / D("125.39")
    # on a Sunday, both legs from Friday
    assert fx.rate("GBP", "USD", date(2024, 3, 10)) == D("1.0932") / D("0.85168")


def test_the_float_series_agrees_with_the_exact_rates() -> None:
    fx = rates()
    days = np.arange(np.datetime64("2024-03-25"), np.datetime64("2024-04-08"))
    series = fx.series("USD", "GBP", days)
    exact = [fx.rate("USD", "GBP", day.astype(date)) for day in days]
    assert series.tolist() == pytest.approx([float(x) for x in exact], rel=1e-15)


def test_a_discontinued_currency_stands_on_its_last_rate_and_says_so() -> None:
    fx = rates()
    assert fx.rate("RUB", "EUR", date(2022, 3, 1)) == D(1) / D("117.201")
    # the usual carry over a weekend or holiday gap still applies, unremarked …
    assert fx.rate("EUR", "RUB", date(2022, 3, 1 + CURRENT_DAYS)) == D("117.201")
    assert fx.approximated == {}
    # … and after the ECB stopped, its last rate stands in and the conversion is recorded
    assert fx.rate("EUR", "RUB", date(2022, 3, 9)) == D("117.201")
    assert fx.rate("EUR", "RUB", date(2023, 3, 1)) == D("117.201")
    gap = fx.approximated[("EUR", "RUB")]
    assert (gap.first, gap.last, gap.count) == (date(2022, 3, 9), date(2023, 3, 1), 2)
    assert gap.widest == int(np.busday_count("2022-03-01", "2023-03-01"))
    # the Cyprus pound ended with the euro's adoption on 2008-01-01
    assert fx.rate("CYP", "EUR", date(2007, 12, 31)) == D(1) / D("0.585274")
    assert fx.rate("CYP", "EUR", date(2008, 6, 30)) == D(1) / D("0.585274")
    assert ("CYP", "EUR") in fx.approximated


def test_a_currency_published_later_stands_on_its_first_rate_before_it() -> None:
    fx = rates()
    assert fx.rate("ILS", "EUR", date(2011, 1, 3)) == D(1) / D("4.7278")
    assert fx.approximated == {}
    # the day before the ECB's first ILS rate: that first rate stands in, dated after the day
    assert fx.rate_dated("ILS", "EUR", date(2010, 12, 31)) == (
        D(1) / D("4.7278"),
        date(2011, 1, 3).toordinal(),
    )
    assert fx.rate("ILS", "EUR", date(2010, 12, 31)) == D(1) / D("4.7278")
    gap = fx.approximated[("ILS", "EUR")]
    assert (gap.first, gap.count, gap.widest) == (date(2010, 12, 31), 1, 1)


def test_before_1999_the_first_rate_stands_in_and_a_currency_never_published_is_missing() -> None:
    fx = rates()
    assert fx.rate("USD", "EUR", date(1998, 12, 31)) == D(1) / D("1.1789")
    with pytest.raises(MissingExchangeRate, match=r"^no exchange rate from ARS to EUR$"):
        fx.rate("ARS", "EUR", date(2020, 8, 28))
    assert not fx.convertible("ARS", "EUR")
    assert fx.convertible("USD", "EUR")
    days = np.arange(np.datetime64("1998-12-30"), np.datetime64("1999-01-06"))
    use = fx.resolve("USD", "EUR", days)
    assert use.values.tolist() == pytest.approx([1 / 1.1789] * 6 + [1 / 1.179], rel=1e-15)
    assert use.dated.astype(str).tolist()[:3] == ["1999-01-04"] * 3


def test_the_series_stands_on_the_last_rate_of_a_dropped_currency() -> None:
    days = np.arange(np.datetime64("2022-02-25"), np.datetime64("2022-03-10"))
    use = rates().resolve("RUB", "EUR", days)
    assert use.dated.astype(str).tolist()[-1] == "2022-03-01"
    assert use.values[-1] == pytest.approx(1 / 117.201, rel=1e-15)


# -- stored rates win -----------------------------------------------------------------------------


def test_a_stored_rate_wins_from_its_day_on() -> None:
    fx = rates({("EUR", "USD"): stored(("2020-08-28", "1.2"))})
    assert fx.rate("EUR", "USD", date(2020, 8, 28)) == D("1.2")  # the ECB says 1.1915
    assert fx.rate("EUR", "USD", date(2020, 8, 31)) == D("1.2")  # the ECB has 1.194 that day
    # forward-filled however old, as stored rates always are (architecture §5)
    assert fx.rate("EUR", "USD", date(2024, 3, 8)) == D("1.2")
    # before the stored series, the ECB rather than the stored first rate
    assert fx.rate("EUR", "USD", date(2020, 8, 27)) == D("1.1806")
    # the inverse is the stored rate's too
    assert fx.rate("USD", "EUR", date(2020, 8, 28)) == D(1) / D("1.2")
    # with no stored route from USD to GBP, the cross is the ECB's own (both legs of one fixing)
    assert fx.rate("USD", "GBP", date(2020, 8, 28)) == D("0.89468") / D("1.1915")


def test_a_stored_reverse_pair_wins_as_well() -> None:
    fx = rates({("USD", "EUR"): stored(("2020-08-28", "0.8"))})
    assert fx.rate("EUR", "USD", date(2020, 8, 28)) == D(1) / D("0.8")
    assert fx.rate("EUR", "USD", date(2020, 8, 27)) == D("1.1806")


def test_a_stored_cross_wins_once_both_legs_have_begun() -> None:
    fx = rates(
        {
            ("GBP", "USD"): stored(("2020-08-27", "1.32")),
            ("USD", "JPY"): stored(("2020-08-28", "105")),
        }
    )
    assert fx.rate("GBP", "JPY", date(2020, 8, 28)) == D("1.32") * D(105)
    # on the 27th the USD/JPY leg has not begun: the ECB's cross
    assert fx.rate("GBP", "JPY", date(2020, 8, 27)) == D("125.34") / D("0.89505")


def test_a_stored_route_to_a_currency_the_ecb_lacks_is_used_however_old() -> None:
    fx = rates({("USD", "ARS"): stored(("2020-01-02", "60"))})
    assert fx.rate("USD", "ARS", date(2024, 1, 2)) == D(60)  # forward fill, as ever
    assert fx.rate("USD", "ARS", date(2019, 1, 2)) == D(60)  # and its first rate before it


def test_the_float_series_switches_source_by_day() -> None:
    fx = rates({("EUR", "USD"): stored(("2020-08-28", "1.2"))})
    days = np.arange(np.datetime64("2020-08-26"), np.datetime64("2020-09-05"))
    expected = [1.1789, 1.1806] + [1.2] * 8
    assert fx.series("EUR", "USD", days).tolist() == pytest.approx(expected, rel=1e-15)


def test_resolve_tells_where_each_days_rate_came_from() -> None:
    def days_from(first: str, count: int) -> np.ndarray:  # type: ignore[type-arg]
        return np.arange(np.datetime64(first), np.datetime64(first) + count)

    fx = rates({("EUR", "USD"): stored(("2020-08-28", "1.2"))})
    use = fx.resolve("EUR", "USD", days_from("2020-08-26", 5))
    assert use.values.tolist() == pytest.approx([1.1789, 1.1806, 1.2, 1.2, 1.2], rel=1e-15)
    assert use.from_reference.tolist() == [True, True, False, False, False]
    assert use.dated.astype(str).tolist() == ["2020-08-26", "2020-08-27"] + ["2020-08-28"] * 3
    assert not use.carried.any()

    # No stored route: the ECB throughout, its last rate carried past the bundle's end.
    use = fx.resolve("CHF", "EUR", days_from("2026-10-28", 6))
    assert use.from_reference.all()
    assert use.carried.tolist() == [False] * 3 + [True] * 3
    assert use.dated.astype(str).tolist() == ["2026-10-28", "2026-10-29"] + ["2026-10-30"] * 4
    assert fx.carried_past_reference == {("CHF", "EUR"): date(2026, 11, 2)}

    # Without the bundle, a stored first rate standing in is dated after the day.
    alone = ExchangeRates({("EUR", "USD"): stored(("2020-08-28", "1.2"))})
    use = alone.resolve("EUR", "USD", days_from("2020-08-27", 2))
    assert use.dated.astype(str).tolist() == ["2020-08-28", "2020-08-28"]
    assert not use.from_reference.any()


def test_stored_rates_after_the_bundle_win_over_its_carried_last_rate() -> None:
    fx = rates({("EUR", "USD"): stored(("2026-11-20", "1.15"))})
    assert fx.rate("EUR", "USD", date(2026, 12, 6)) == D("1.15")
    assert fx.carried_past_reference == {}
    # Between the bundle's end and the first stored rate, the bundle's last rate is carried.
    assert fx.rate("EUR", "USD", date(2026, 11, 10)) == D("1.1172")
    assert fx.carried_past_reference == {("EUR", "USD"): date(2026, 11, 10)}


# -- after the bundle's end -----------------------------------------------------------------------


def test_after_the_bundle_ends_its_last_rate_is_carried_forward_and_flagged() -> None:
    fx = rates()
    assert fx.rate("EUR", "USD", BUNDLE_END) == D("1.1172")
    assert fx.carried_past_reference == {}
    assert fx.rate("EUR", "USD", date(2027, 6, 30)) == D("1.1172")
    assert fx.rate("USD", "GBP", date(2026, 12, 6)) == D("0.8338") / D("1.1172")
    assert fx.carried_past_reference == {
        ("EUR", "USD"): date(2027, 6, 30),
        ("USD", "GBP"): date(2026, 12, 6),
    }
    days = np.arange(np.datetime64("2026-10-28"), np.datetime64("2026-11-03"))
    assert fx.series("CHF", "EUR", days).tolist() == pytest.approx(
        [1 / 0.9247, 1 / 0.9222] + [1 / 0.9194] * 4, rel=1e-15
    )
    assert fx.carried_past_reference[("CHF", "EUR")] == date(2026, 11, 2)


def test_a_currency_dropped_before_the_bundle_ends_is_not_carried_but_stands_in() -> None:
    # The lev joined the euro on 2026-01-01: its last ECB rate is 2025-12-31.
    fx = rates()
    assert fx.rate("BGN", "EUR", date(2025, 12, 31)) == D(1) / D("1.9558")
    assert fx.rate("BGN", "EUR", date(2026, 12, 1)) == D(1) / D("1.9558")
    assert fx.carried_past_reference == {}
    assert fx.approximated[("BGN", "EUR")].first == date(2026, 12, 1)


def test_without_reference_rates_nothing_changes() -> None:
    fx = ExchangeRates({("EUR", "USD"): stored(("2024-01-05", "1.0921"))})
    assert fx.rate("EUR", "USD", date(2024, 2, 15)) == D("1.0921")
    with pytest.raises(MissingExchangeRate, match=r"^no exchange rate from EUR to GBP$"):
        fx.rate("EUR", "GBP", date(2024, 2, 15))


def test_reference_rates_work_out_their_current_currencies() -> None:
    reference = ReferenceRates(
        "EUR",
        {"USD": stored(("2024-01-02", "1.1")), "XAU": stored(("2023-12-29", "0.0005"))},
        date(2024, 1, 2),
    )
    assert reference.current_at_end("USD")
    assert reference.current_at_end("EUR")
    assert not reference.current_at_end("XAU")
    assert reference.publishes("XAU")
    assert not reference.publishes("GBP")


# -- the generator script -------------------------------------------------------------------------

ECB_SAMPLE = """Date,USD,JPY,CYP,ILS,
2011-01-04,1.3303,108.86,N/A,4.7301,
2011-01-03,1.3351,108.65,N/A,4.7278,
1999-01-05,1.179,130.96,0.5823,N/A,
1999-01-04,1.1789,133.73,0.58231,N/A,
"""


def _script() -> ModuleType:
    path = BACKEND / "scripts/build_ecb_rates.py"
    spec = importlib.util.spec_from_file_location("build_ecb_rates", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_ecb_rates"] = module
    spec.loader.exec_module(module)
    return module


def test_the_generator_transposes_the_ecb_file_keeping_every_digit(tmp_path: Path) -> None:
    script = _script()
    source = tmp_path / "eurofxref-hist.csv"
    source.write_text(ECB_SAMPLE)
    archive = tmp_path / "eurofxref-hist.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("eurofxref-hist.csv", ECB_SAMPLE)
    from_csv, from_zip = tmp_path / "a.csv.gz", tmp_path / "b.csv.gz"
    script.main(["build", str(source), str(from_csv)])
    script.main(["build", str(archive), str(from_zip)])

    assert from_csv.read_bytes() == from_zip.read_bytes()  # and the same bytes every time
    assert gzip.decompress(from_csv.read_bytes()).decode().splitlines() == [
        "date,1999-01-04,1999-01-05,2011-01-03,2011-01-04",
        "CYP,0.58231,0.5823,,",
        "ILS,,,4.7278,4.7301",
        "JPY,133.73,130.96,108.65,108.86",
        "USD,1.1789,1.179,1.3351,1.3303",
    ]
    bundle = ecb._parse(from_csv.read_bytes())
    assert bundle.end == date(2011, 1, 4)
    assert bundle.current == {"ILS", "JPY", "USD"}
    days, values = bundle.series("CYP")
    assert days.tolist() == [date(1999, 1, 4), date(1999, 1, 5)]
    assert values.tolist() == [0.58231, 0.5823]


def test_the_generator_refuses_a_malformed_file(tmp_path: Path) -> None:
    script = _script()
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,USD,\n2011-01-04,1.3x,\n")
    with pytest.raises(SystemExit, match="not a number"):
        script.main(["build", str(bad), str(tmp_path / "out.gz")])
    bad.write_text("Day,USD\n")
    with pytest.raises(SystemExit, match="first column"):
        script.transpose(io.StringIO("Day,USD\n").read())
