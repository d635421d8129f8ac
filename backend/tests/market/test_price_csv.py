from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pms.errors import ValidationFailed
from pms.market.price_csv import MAX_BYTES, FileTooLarge, parse_price_csv

TODAY = date(2024, 6, 30)


def parse(text: str | bytes):  # type: ignore[no-untyped-def]
    return parse_price_csv(text.encode() if isinstance(text, str) else text, today=TODAY)


def pairs(text: str | bytes) -> list[tuple[date, Decimal]]:
    return [(r.date, r.close) for r in parse(text).rows]


def refusal(text: str | bytes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        parse(text)
    return caught.value


def test_a_yahoo_download_reads_date_and_close_not_adj_close() -> None:
    text = (
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2024-02-14,185.320007,185.529999,182.440002,184.149994,183.595749,54630500\n"
        "2024-02-15,183.550003,184.490005,181.350006,183.860001,183.306625,65434500\n"
        "2024-02-16,183.419998,184.850006,181.669998,182.309998,181.761292,49701400\n"
    )

    assert pairs(text) == [
        (date(2024, 2, 14), Decimal("184.149994")),
        (date(2024, 2, 15), Decimal("183.860001")),
        (date(2024, 2, 16), Decimal("182.309998")),
    ]


def test_yahoo_null_rows_are_skipped_and_counted() -> None:
    parsed = parse("Date,Close\n2024-01-02,10\n2024-01-03,null\n2024-01-04,11\n")

    assert [r.date for r in parsed.rows] == [date(2024, 1, 2), date(2024, 1, 4)]
    assert parsed.skipped == (3,)


def test_a_german_portfolio_performance_export() -> None:
    text = "\ufeffDatum;Kurs\n02.01.2024;1.234,56\n03.01.2024;1.240,10\n04.01.2024;998,5\n"

    parsed = parse(text)

    assert [(r.date, r.close) for r in parsed.rows] == [
        (date(2024, 1, 2), Decimal("1234.56")),
        (date(2024, 1, 3), Decimal("1240.10")),
        (date(2024, 1, 4), Decimal("998.5")),
    ]
    assert (parsed.date_format, parsed.decimal_separator) == ("%d.%m.%Y", ",")


def test_an_english_portfolio_performance_export() -> None:
    assert pairs('Date,Quote\n2024-01-02,"1,234.56"\n2024-01-03,"1,240.10"\n') == [
        (date(2024, 1, 2), Decimal("1234.56")),
        (date(2024, 1, 3), Decimal("1240.10")),
    ]


def test_month_first_dates_are_recognised_by_their_spacing() -> None:
    # 01/02 … 01/05 read day-first would be a month apart each; daily prices are days apart.
    text = "Date,Close\n01/02/2024,10\n01/03/2024,11\n01/04/2024,12\n01/05/2024,13\n"

    assert [d for d, _ in pairs(text)] == [
        date(2024, 1, 2),
        date(2024, 1, 3),
        date(2024, 1, 4),
        date(2024, 1, 5),
    ]


def test_day_first_dates_over_twelve_are_unambiguous() -> None:
    assert [d for d, _ in pairs("Date;Close\n31/01/2024;10\n01/02/2024;11\n")] == [
        date(2024, 1, 31),
        date(2024, 2, 1),
    ]


def test_a_single_ambiguous_date_is_refused() -> None:
    error = refusal("Date,Close\n03/04/2024,10\n")

    assert error.errors[0].field == "Date"
    assert error.errors[0].code == "ambiguous_date"


def test_rows_come_back_in_date_order_whatever_the_file_order() -> None:
    assert [d for d, _ in pairs("Date,Close\n2024-01-03,11\n2024-01-02,10\n")] == [
        date(2024, 1, 2),
        date(2024, 1, 3),
    ]


def test_a_timestamp_with_a_time_of_day_is_read_as_its_date() -> None:
    assert pairs("Date,Close\n2024-01-02 00:00:00-05:00,10\n") == [(date(2024, 1, 2), Decimal(10))]


@pytest.mark.parametrize(
    ("text", "field", "code"),
    [
        ("", "file", "empty"),
        ("Date,Close\n", "file", "empty"),
        ("Day,Open\n2024-01-02,10\n", "file", "missing_column"),
        ("Date,Close\n2024-01-02,ten\n", "row 2.Close", "number"),
        ("Date,Close\n2024-01-02,-5\n", "row 2.Close", "number"),
        ("Date,Close\n2024-01-02,0\n", "row 2.Close", "range"),
        ("Date,Close\n2024-01-02,1e400\n", "row 2.Close", "number"),
        ("Date,Close\n2024-01-02,10\n2024-01-02,11\n", "row 3.Date", "duplicate"),
        ("Date,Close\n2099-01-02,10\n", "row 2.Date", "range"),
        ("Date,Close\nyesterday,10\n", "Date", "date_format"),
        ("Date,Close\n2024-01-02\n", "row 2", "columns"),
        ("DateClose\n2024-01-02 10\n", "file", "no_header"),
        ("Date,Close\n2024-01-02,9999999999999999999\n", "row 2.Close", "number"),
    ],
)
def test_bad_files_are_refused_naming_the_place(text: str, field: str, code: str) -> None:
    error = refusal(text)

    assert (error.errors[0].field, error.errors[0].code) == (field, code)


def test_binary_files_are_refused() -> None:
    error = refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    assert error.errors[0].code == "not_text"


def test_oversized_files_are_refused_before_reading() -> None:
    with pytest.raises(FileTooLarge) as caught:
        parse(b"Date,Close\n" + b"2024-01-02,1\n" * (MAX_BYTES // 13 + 1))

    assert (caught.value.status, caught.value.errors[0].code) == (413, "too_large")


def test_a_huge_field_is_refused() -> None:
    error = refusal("Date,Close\n2024-01-02," + "9" * 5000 + "\n")

    assert error.errors[0].code == "too_long"


def test_at_most_twenty_errors_are_reported() -> None:
    rows = "".join(f"2024-01-{day:02d},x\n" for day in range(1, 31))

    error = refusal("Date,Close\n" + rows)

    assert len(error.errors) == 20
