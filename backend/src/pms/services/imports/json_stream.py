"""JSON files read element by element (ijson), with the nesting depth bounded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import ijson

from pms.services.imports.locale_values import parse_date, to_decimal
from pms.services.imports.records import Row
from pms.services.imports.source import Source, file_error

#: Deeper nesting than any export we read is refused (it only serves to exhaust memory).
MAX_DEPTH = 16


def _bounded(events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
    depth = 0
    for prefix, event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise file_error(f"nests deeper than {MAX_DEPTH} levels", "json_depth")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield prefix, event, value


def items(source: Source, prefix: str) -> Iterator[Any]:
    """The values at `prefix` (ijson's dotted path, `item` for list elements)."""
    try:
        yield from ijson.items(_bounded(ijson.parse(source.utf8_bytes())), prefix)
    except ijson.JSONError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise file_error(f"is not valid JSON ({reason})", "json") from exc


def member_names(source: Source) -> set[str]:
    """The names of the top-level members; refuses anything but a JSON object."""
    names: set[str] = set()
    try:
        events = _bounded(ijson.parse(source.utf8_bytes()))
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise file_error("is not a JSON object", "json")
        for prefix, event, value in events:
            if prefix == "" and event == "map_key":
                names.add(value)
    except ijson.JSONError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise file_error(f"is not valid JSON ({reason})", "json") from exc
    return names


def scalar(source: Source, name: str) -> Any:
    """A top-level scalar member (None when absent)."""
    return next(items(source, name), None)


def text(row: Row, item: dict[str, Any], name: str, limit: int = 200) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if not value:
        return None
    if len(value) > limit:
        row.error(name, f"is longer than {limit} characters", "too_long")
        return None
    return value


def number(row: Row, item: dict[str, Any], name: str) -> Decimal | None:
    value = item.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return to_decimal(value)
    except ValueError as exc:
        row.error(name, str(exc), "number")
        return None


def day(row: Row, item: dict[str, Any], name: str) -> date | None:
    value = item.get(name)
    if value is None:
        return None
    try:
        return parse_date(str(value), None)
    except ValueError as exc:
        row.error(name, str(exc), "date")
        return None
