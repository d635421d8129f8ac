"""JSON files read element by element (ijson), their bytes checked on the way to the parser.

The parser (ijson's C backend) is fast but not hardened: an integer of thousands of digits crashes
the process, and every level of nesting makes each of its events longer, so a file of nested
brackets takes it minutes. `JsonGuard` looks at every block before the parser does and refuses a
file that nests too deep, holds a bare literal (number, `true` …) longer than any value we read, or
a string longer than any text we store. It works on whole blocks with bytes methods and regular
expressions, so it adds little to the parse and holds no more than one block.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, DecimalException
from itertools import accumulate, count
from operator import sub
from typing import Any

import ijson

from pms.services.imports.locale_values import parse_date, to_decimal
from pms.services.imports.records import Row
from pms.services.imports.source import SNIFF_BYTES, Source, file_error

#: Deeper nesting than any export we read is refused (it only serves to exhaust memory).
MAX_DEPTH = 16
#: The longest number (or other bare literal) accepted: a ledger value has at most 20 digits
#: before the point and 10 after it.
MAX_LITERAL_CHARS = 64
#: The longest string accepted, in bytes of UTF-8 (an escape counts one): longer than any text
#: the ledger stores.
MAX_STRING_BYTES = 65_536

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
#: What an escape sequence is replaced with while checking (a byte of its string, never a quote).
_ESCAPED = b"_"
#: Bytes that end a bare literal become spaces, the others `x`: a long literal is a long run of `x`.
_LITERAL_BYTES = bytes.maketrans(
    bytes(range(256)), bytes(32 if chr(b) in " \t\n\r\f\v,:[]{}" else 120 for b in range(256))
)
_LONG_LITERAL = b"x" * (MAX_LITERAL_CHARS + 1)
_BRACKETS = b"[]{}"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _BRACKETS)
#: An opening bracket counts 2, a closing one 0: the running sum less one a bracket is the depth.
_STEPS = bytes.maketrans(_BRACKETS, b"\x02\x00\x02\x00")


class JsonGuard:
    """Checks the bytes of a JSON document block by block, in order, before they are parsed.

    It follows only what it needs: whether a block ends inside a string (and after a backslash),
    the nesting depth, and the length of the string or literal a block ends in. A block is looked
    at in pieces no longer than a string may be, so only a string that goes on from one piece to
    the next can be too long."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escaped = False
        #: Bytes of the string the last piece ended in.
        self.string_run = 0
        #: The end of the last piece when it ended outside a string (a literal may go on).
        self.tail = b""

    def check(self, block: bytes) -> None:
        """Raise the `file` error for the first limit `block` breaks."""
        for start in range(0, len(block), MAX_STRING_BYTES):
            self._check_piece(block[start : start + MAX_STRING_BYTES])

    def _check_piece(self, piece: bytes) -> None:
        if self.escaped:
            # The piece before ended in a string right after a backslash: this byte is escaped.
            piece, self.escaped = piece[1:], False
            self.string_run += 1
        if b"\\" in piece:
            piece = _ESCAPE.sub(_ESCAPED, piece)
            if piece.endswith(b"\\"):
                piece, self.escaped = piece[:-1], True
        parts = piece.split(b'"')
        ends_in_string = self.in_string != (len(parts) % 2 == 0)
        self._check_strings(parts, ends_in_string)
        outside = parts[1::2] if self.in_string else parts[0::2]
        between = b" ".join(outside)
        # Without a quote in the piece, the literal it ends in may have begun before it.
        last = self.tail + parts[-1] if len(parts) == 1 else parts[-1]
        self._check_literals(between, b"" if ends_in_string else last)
        self._check_depth(between)
        self.in_string = ends_in_string

    def _check_strings(self, parts: list[bytes], ends_in_string: bool) -> None:
        """Only the string the piece starts in (going on from the piece before) can be too long:
        any other is shorter than the piece."""
        run = self.string_run + len(parts[0]) if self.in_string else 0
        if run > MAX_STRING_BYTES:
            raise file_error(f"holds a string longer than {MAX_STRING_BYTES} bytes", "json_string")
        if not ends_in_string:
            self.string_run = 0
        elif len(parts) > 1:
            self.string_run = len(parts[-1])
        else:
            self.string_run = run

    def _check_literals(self, between: bytes, last: bytes) -> None:
        """`between`: what lies outside strings, `last`: the part of it the piece ends with."""
        if _LONG_LITERAL in (self.tail + between).translate(_LITERAL_BYTES):
            raise file_error(
                f"holds a number or literal longer than {MAX_LITERAL_CHARS} characters",
                "json_literal",
            )
        self.tail = last[-MAX_LITERAL_CHARS:]

    def _check_depth(self, between: bytes) -> None:
        brackets = between.translate(None, _NOT_BRACKETS)
        opening = brackets.count(b"[") + brackets.count(b"{")
        if self.depth + opening > MAX_DEPTH:
            deepest = max(map(sub, accumulate(brackets.translate(_STEPS)), count(1)))
            if self.depth + deepest > MAX_DEPTH:
                raise file_error(f"nests deeper than {MAX_DEPTH} levels", "json_depth")
        self.depth += 2 * opening - len(brackets)


class _Guarded(io.RawIOBase):
    """A binary stream whose every block passes a `JsonGuard` before it is handed on."""

    def __init__(self, inner: io.RawIOBase) -> None:
        self._inner = inner
        self._guard = JsonGuard()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self._inner.read(size) or b""
        self._guard.check(block)
        return block

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _events(source: Source) -> Iterator[tuple[str, str, Any]]:
    events: Iterator[tuple[str, str, Any]] = ijson.parse(_Guarded(source.utf8_bytes()))
    return events


def _unreadable(exc: Exception) -> Exception:
    if isinstance(exc, DecimalException):
        return file_error("holds a number out of range", "json_number")
    reason = str(exc).splitlines()[0] if str(exc) else "unreadable"
    return file_error(f"is not valid JSON ({reason})", "json")


def items(source: Source, prefix: str) -> Iterator[Any]:
    """The values at `prefix` (ijson's dotted path, `item` for list elements)."""
    try:
        yield from ijson.items(_events(source), prefix)
    except (ijson.JSONError, DecimalException) as exc:
        raise _unreadable(exc) from exc


def _starts_an_object(source: Source) -> bool:
    stream = source.utf8_bytes()
    while block := stream.read(SNIFF_BYTES):
        start = block.lstrip()
        if start:
            return start.startswith(b"{")
    return False


def member_names(source: Source) -> set[str]:
    """The names of the top-level members; refuses anything but a JSON object."""
    if not _starts_an_object(source):
        raise file_error("is not a JSON object", "json")
    names: set[str] = set()
    try:
        for prefix, event, value in _events(source):
            if prefix == "" and event == "map_key":
                names.add(value)
    except (ijson.JSONError, DecimalException) as exc:
        raise _unreadable(exc) from exc
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
