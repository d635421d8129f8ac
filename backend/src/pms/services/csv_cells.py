"""Spreadsheet formula injection: how CSV cells are escaped on export and read back on import.

A spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@` (and some treat a leading tab or
carriage return alike). Text cells we write that start with one of those, or with the escape mark
`'` itself, get a leading `'`, which spreadsheets show as text. Reading our own CSV back removes
exactly that one mark, so the round trip is lossless. Imported text is never evaluated: it is
stored as it is.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_formula(text: str) -> str:
    if text.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_formula(text: str) -> str:
    if text.startswith(ESCAPE) and text[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return text[1:]
    return text
