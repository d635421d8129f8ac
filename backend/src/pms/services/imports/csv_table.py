"""CSV files read in two passes: the first finds the delimiter, maps the header and decides the date
and number formats from every value; the second yields the records. Nothing is held whole."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pms.errors import FieldError, ValidationFailed
from pms.ledger_limits import has_control_characters
from pms.services.imports.locale_values import (
    Ambiguous,
    DateDetector,
    DateOrder,
    DecimalSeparator,
    NumberDetector,
    parse_date,
    parse_number,
)
from pms.services.imports.records import Row
from pms.services.imports.source import Source, file_error

DELIMITERS = (",", ";", "\t", "|")

Kind = Literal["text", "number", "date"]


def ambiguous(name: str, exc: Ambiguous) -> ValidationFailed:
    return ValidationFailed(
        detail=f"{name}: {exc}", errors=[FieldError(name, str(exc), "ambiguous")]
    )


def normalise_label(label: str) -> str:
    return " ".join(label.replace("\ufeff", "").strip().strip('"').casefold().split())


@dataclass(frozen=True)
class Column:
    name: str
    labels: tuple[str, ...]
    kind: Kind = "text"
    required: bool = False


@dataclass(frozen=True)
class Layout:
    """The columns a format knows; a file may hold any subset that includes the required ones."""

    columns: tuple[Column, ...]

    def column_for(self, label: str) -> Column | None:
        wanted = normalise_label(label)
        for column in self.columns:
            if wanted in (normalise_label(x) for x in column.labels):
                return column
        return None


@dataclass(frozen=True)
class Formats:
    date_order: DateOrder | None
    decimal: DecimalSeparator


@dataclass
class CsvFile:
    source: Source
    layout: Layout
    date_override: DateOrder | None = None
    decimal_override: DecimalSeparator | None = None
    delimiter: str = ","
    #: canonical column name → (index in the record, the label as the file writes it)
    index: dict[str, tuple[int, str]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    header_line: int = 0
    formats: Formats = Formats(None, DecimalSeparator.POINT)
    records_seen: int = 0

    def _reader(self, phase: str) -> Iterator[tuple[int, list[str]]]:
        """(first line number, cells) of every non-blank record."""
        lines = self.source.lines(phase)
        reader = csv.reader(lines, delimiter=self.delimiter, strict=False)
        previous = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise file_error(f"line {reader.line_num}: {exc}", "csv") from exc
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                yield start, cells

    def _choose_delimiter(self) -> None:
        first = next(iter(self.source.lines("scan")), "")
        best: tuple[int, int, str] = (-1, 0, ",")
        for delimiter in DELIMITERS:
            cells = next(csv.reader([first], delimiter=delimiter), [])
            known = sum(1 for cell in cells if self.layout.column_for(cell) is not None)
            best = max(best, (known, len(cells), delimiter))
        self.delimiter = best[2]

    def scan(self) -> None:
        """Pass 1: header, delimiter, and the date and number formats of the whole file."""
        self._choose_delimiter()
        dates, numbers = DateDetector(), NumberDetector()
        kinds: list[Kind | None] = []
        for line, cells in self._reader("scan"):
            if not self.header:
                self._map_header(line, cells)
                kinds = [None] * len(cells)
                for _, (position, label) in self.index.items():
                    column = self.layout.column_for(label)
                    kinds[position] = column.kind if column else None
                continue
            self.records_seen += 1
            for position, cell in enumerate(cells[: len(kinds)]):
                if not cell.strip():
                    continue
                if kinds[position] == "date":
                    dates.feed(cell)
                elif kinds[position] == "number":
                    numbers.feed(cell)
        if not self.header:
            raise file_error("has no header line", "no_header")
        try:
            order = dates.decide(self.date_override)
        except Ambiguous as exc:
            raise ambiguous("date_format", exc) from exc
        try:
            decimal = numbers.decide(self.decimal_override)
        except Ambiguous as exc:
            raise ambiguous("decimal_separator", exc) from exc
        self.formats = Formats(order, decimal)

    def _map_header(self, line: int, cells: list[str]) -> None:
        self.header, self.header_line = cells, line
        for position, label in enumerate(cells):
            column = self.layout.column_for(label)
            if column is not None and column.name not in self.index:
                self.index[column.name] = (position, label.strip())
        missing = [
            c.labels[0] for c in self.layout.columns if c.required and c.name not in self.index
        ]
        if missing:
            found = ", ".join(repr(c.strip()) for c in cells[:20])
            raise file_error(
                f"the header lacks the column(s) {', '.join(missing)} (found {found}); "
                "is this the right format?",
                "columns",
            )

    def rows(self) -> Iterator[Cells]:
        """Pass 2: every record after the header."""
        width = len(self.header)
        for line, cells in self._reader("import"):
            if line <= self.header_line:
                continue
            row = Row(line=line)
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                row.error(
                    "line",
                    f"has {len(cells)} fields but the header has {width}; "
                    "is a decimal comma unquoted in a comma-separated file?",
                    "fields",
                )
            yield Cells(row, cells, self)


@dataclass
class Cells:
    """Typed access to one record's cells; a bad value becomes an error of its row."""

    row: Row
    cells: list[str]
    file: CsvFile

    def label(self, name: str) -> str:
        return self.file.index[name][1] if name in self.file.index else name

    def raw(self, name: str) -> str:
        if name not in self.file.index:
            return ""
        position = self.file.index[name][0]
        return self.cells[position].strip() if position < len(self.cells) else ""

    def has(self, name: str) -> bool:
        return bool(self.raw(name))

    def text(self, name: str, max_length: int = 200) -> str | None:
        value = self.raw(name)
        if not value:
            return None
        if has_control_characters(value):
            self.row.error(self.label(name), "must not contain control characters", "control")
            return None
        if len(value) > max_length:
            self.row.error(self.label(name), f"is longer than {max_length} characters", "too_long")
            return None
        return value

    def number(self, name: str) -> Decimal | None:
        value = self.raw(name)
        if not value or value.casefold() in ("null", "nan", "n/a", "-"):
            return None
        try:
            return parse_number(value, self.file.formats.decimal)
        except ValueError as exc:
            self.row.error(self.label(name), str(exc), "number")
            return None

    def date(self, name: str) -> date | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            return parse_date(value, self.file.formats.date_order)
        except ValueError as exc:
            self.row.error(self.label(name), str(exc), "date")
            return None

    def need(self, name: str, value: object) -> bool:
        """Record that a required cell is empty; True when it has a value."""
        if value is None and not any(e.field == self.label(name) for e in self.row.errors):
            self.row.error(self.label(name), "is required", "missing")
        return value is not None


def detected(file: CsvFile) -> dict[str, str]:
    return {
        "encoding": file.source.encoding,
        "delimiter": file.delimiter,
        "date_format": file.formats.date_order.value if file.formats.date_order else "iso",
        "decimal_separator": file.formats.decimal.value,
    }
