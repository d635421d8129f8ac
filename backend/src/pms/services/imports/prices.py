"""Price histories into one instrument: Yahoo's CSV (`Date,Open,High,Low,Close,Adj Close,Volume`),
Portfolio Performance's (`Date;Quote`, German `Datum;Kurs`) or any file with a date and a close.

Rows upsert by date. Yahoo's `Close` is adjusted for the splits before the download; with
`split_adjusted` the closes are multiplied back by the ratios of the instrument's splits that fall
after each row and on or before the file's last date, so that they are stored as traded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from pms.services.imports.csv_table import Cells, Column, CsvFile, Layout, detected
from pms.services.imports.records import PriceDraft, Record, Row
from pms.services.imports.source import Source

LAYOUT = Layout(
    (
        Column("date", ("Date", "Datum", "Day", "Timestamp"), "date", required=True),
        Column(
            "close",
            ("Close", "Quote", "Kurs", "Schlusskurs", "Price", "Preis", "Schluss", "4. close"),
            "number",
            required=True,
        ),
        Column("open", ("Open", "Eröffnung", "Erster", "1. open"), "number"),
        Column("high", ("High", "Hoch", "Tageshoch", "2. high"), "number"),
        Column("low", ("Low", "Tief", "Tagestief", "3. low"), "number"),
        Column("volume", ("Volume", "Volumen", "5. volume"), "number"),
        Column("adj_close", ("Adj Close", "Adjusted Close"), "number"),
    )
)


class PricesReader:
    def __init__(self, source: Source, options: Any) -> None:
        self.file = CsvFile(source, LAYOUT, options.date_format, options.decimal_separator)
        self.split_adjusted = bool(options.split_adjusted)
        self.detected: dict[str, str] = {}

    def records(self) -> Iterator[Record]:
        self.file.scan()
        self.detected = detected(self.file)
        if self.split_adjusted:
            last: date | None = None
            for cells in self.file.rows():
                day = cells.date("date")
                if day is not None and (last is None or day > last):
                    last = day
            if last is not None:
                self.detected["last_date"] = last.isoformat()
        for cells in self.file.rows():
            yield _row(cells)


def _row(cells: Cells) -> Row:
    row = cells.row
    day = cells.date("date")
    close = cells.number("close")
    cells.need("date", day)
    cells.need("close", close)
    values = {name: cells.number(name) for name in ("open", "high", "low", "volume")}
    for name, value in values.items():
        if value is not None and value < 0:
            row.error(cells.label(name), "must not be negative", "negative")
    if day is not None and close is not None and not row.errors:
        row.prices.append(PriceDraft(day, close, **values))
    return row
