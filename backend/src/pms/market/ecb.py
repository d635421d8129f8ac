"""The European Central Bank's euro reference rates, bundled with PMS (`data/ecb_rates.csv.gz`).

Every currency the ECB has published against the euro, on every publication day from 1999-01-04 to
the bundle's last day (docs/data-sources.md; `scripts/build_ecb_rates.py` rebuilds the file from a
newer `eurofxref-hist.zip`). They are the lowest layer of exchange rates: the portfolio reports use
them on the days no stored rate (entered by hand or fetched from the provider) is current, so a
fresh offline install reports in any of these currencies without a single stored rate. They are
never written to the database and `GET /fx-rates/...` does not list them.

The file is read on first use and kept for the life of the process; each currency's rates are
parsed when first needed.
Source: European Central Bank, euro foreign exchange reference rates.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

ANCHOR = "EUR"
SOURCE = "ecb"
RESOURCE = "data/ecb_rates.csv.gz"

_lock = threading.Lock()


class EcbRates:
    """The bundle, read: the publication days, the last one (`end`), the currencies still
    published on it (`current`), and per currency its rates, parsed from the file's text when
    first asked for (a portfolio needs a few of the 41 currencies; parsing all takes ~0.15 s)."""

    def __init__(self, dates: npt.NDArray[np.datetime64], rows: dict[str, str]) -> None:
        self.dates = dates
        self.end: date = dates[-1].astype(date)
        self.codes = sorted(rows)
        self.current = frozenset(code for code, row in rows.items() if not row.endswith(","))
        self._rows = rows
        self._parsed: dict[str, tuple[npt.NDArray[np.datetime64], npt.NDArray[np.float64]]] = {}
        self._lock = threading.Lock()

    def series(self, code: str) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.float64]]:
        """The days the ECB published `code` (ascending) and the units of it one euro was worth
        on each: the float nearest the published decimal (at most seven significant digits, so
        its `repr` is that decimal). `KeyError` for a currency the bundle does not have."""
        found = self._parsed.get(code)
        if found is not None:
            return found
        with self._lock:
            found = self._parsed.get(code)
            if found is None:
                cells = self._rows[code].split(",")
                if len(cells) != self.dates.size:
                    raise ValueError(
                        f"{RESOURCE}: {code} has {len(cells)} rates, not {self.dates.size}"
                    )
                published = np.fromiter((cell != "" for cell in cells), np.bool_, len(cells))
                values = np.fromiter(map(float, filter(None, cells)), np.float64)
                found = self._parsed[code] = (self.dates[published], values)
        return found


def _bundle_bytes() -> bytes:
    return resources.files("pms.market").joinpath(RESOURCE).read_bytes()


def _parse(data: bytes) -> EcbRates:
    lines = gzip.decompress(data).decode("ascii").splitlines()
    header, _, days = lines[0].partition(",")
    if header != "date":
        raise ValueError(f"{RESOURCE}: the first line must list the dates")
    rows = dict(line.split(",", 1) for line in lines[1:] if line)
    return EcbRates(np.array(days.split(","), dtype="datetime64[D]"), rows)


@cache
def _load() -> EcbRates:
    return _parse(_bundle_bytes())


def ecb_rates() -> EcbRates:
    """The bundled ECB rates, read on the first call (once, whichever thread asks first)."""
    with _lock:
        return _load()


@cache
def bundle_tag() -> str:
    """Identifies the bundled file (its size and CRC-32), for keys of results computed from it."""
    data = _bundle_bytes()
    return f"{len(data)}-{zlib.crc32(data):08x}"


def currencies() -> list[str]:
    """The currencies the bundle has rates for, the euro included."""
    return sorted([ANCHOR, *ecb_rates().codes])


def rate(code: str, day: date) -> Decimal | None:
    """How many units of `code` one euro was worth by the ECB's rate of `day` (exact as
    published), or `None` when the ECB published none that day."""
    if code == ANCHOR:
        return Decimal(1)
    rates = ecb_rates()
    if code not in rates.codes:
        return None
    days, values = rates.series(code)
    index = int(np.searchsorted(days, np.datetime64(day, "D")))
    if index >= days.size or days[index] != np.datetime64(day, "D"):
        return None
    return Decimal(repr(float(values[index])))
