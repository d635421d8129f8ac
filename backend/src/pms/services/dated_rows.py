"""Rows keyed by day (closes, rates) as a PUT body takes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from pms.errors import ValidationFailed


def dates_once(rows: list[dict[str, Any]]) -> dict[date, int]:
    """Each row's date with its position, checked to appear once (a 422 naming the second row
    otherwise)."""
    seen: dict[date, int] = {}
    for index, row in enumerate(rows):
        if row["date"] in seen:
            raise ValidationFailed.for_field(
                f"{index}.date",
                f"{row['date'].isoformat()} appears twice (also at {seen[row['date']]})",
                "duplicate",
            )
        seen[row["date"]] = index
    return seen
