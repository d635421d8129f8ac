"""An uploaded file, read safely: binary files refused, the encoding detected, lines bounded.

Files are read from a seekable binary stream (an upload spooled to disk, or a local file) and never
held in memory whole: each pass decodes it incrementally.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pms.errors import FieldError, ValidationFailed

#: The longest line accepted, in characters; longer ones are refused as hostile.
MAX_LINE_CHARS = 65_536
#: How much of the start of a file is looked at to recognise binary formats.
SNIFF_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

#: Signatures of binary formats people upload by mistake, and what to tell them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook?); export the sheet as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office file; export the sheet as CSV"),
    (b"%PDF", "a PDF document; export the transactions as CSV instead"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

ProgressFn = Callable[[str, int, int], None]


def file_error(message: str, code: str) -> ValidationFailed:
    return ValidationFailed(detail=f"file: {message}", errors=[FieldError("file", message, code)])


@dataclass
class Source:
    """A seekable binary file, its size and detected text encoding."""

    file: BinaryIO
    size: int
    encoding: str
    progress: ProgressFn | None = None

    def position(self) -> int:
        try:
            return self.file.tell()
        except (OSError, ValueError):
            return 0

    def report(self, phase: str) -> None:
        if self.progress is not None:
            self.progress(phase, min(self.position(), self.size), self.size)

    def lines(self, phase: str = "read") -> Iterator[str]:
        """The decoded lines, line endings kept (as the csv module wants them)."""
        self.file.seek(0)
        wrapper = io.TextIOWrapper(
            io.BufferedReader(_Unclosable(self.file)), encoding=self.encoding, newline=""
        )
        number = 0
        try:
            while True:
                try:
                    line = wrapper.readline(MAX_LINE_CHARS + 1)
                except UnicodeDecodeError as exc:
                    raise file_error(
                        f"line {number + 1} is not valid {self.encoding} text ({exc.reason})",
                        "encoding",
                    ) from exc
                if not line:
                    return
                number += 1
                if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
                    raise file_error(
                        f"line {number} is longer than {MAX_LINE_CHARS} characters", "line_too_long"
                    )
                if "\x00" in line:
                    raise file_error(
                        f"line {number} holds a NUL character: this is a binary file, not text",
                        "binary",
                    )
                if number % 4096 == 0:
                    self.report(phase)
                yield line
        finally:
            wrapper.detach()

    def utf8_bytes(self) -> io.RawIOBase:
        """The file re-encoded as UTF-8 without a byte-order mark (for the JSON parser)."""
        self.file.seek(0)
        return _Utf8Stream(self.file, self.encoding, self)


class _Unclosable(io.RawIOBase):
    """Lets a TextIOWrapper read a file without closing it when the wrapper goes away."""

    def __init__(self, inner: BinaryIO) -> None:
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Utf8Stream(io.RawIOBase):
    def __init__(self, inner: BinaryIO, encoding: str, source: Source) -> None:
        self._inner = inner
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._pending = b""
        self._source = source
        self._done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = _CHUNK if size is None or size < 0 else size
        while len(self._pending) < want and not self._done:
            raw = self._inner.read(_CHUNK)
            try:
                text = self._decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise file_error(f"not valid {self._source.encoding} text", "encoding") from exc
            if "\x00" in text:
                raise file_error("holds NUL characters: this is a binary file, not text", "binary")
            self._pending += text.encode("utf-8")
            self._done = not raw
            self._source.report("read")
        out, self._pending = self._pending[:want], self._pending[want:]
        return out

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _decodes_whole(file: BinaryIO, encoding: str) -> bool:
    file.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        while chunk := file.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_binary(head: bytes) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise file_error(f"this is {what}", "binary")
    if b"\x00" in head:
        raise file_error("holds NUL bytes: this is a binary file, not text", "binary")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(head) // 100):
        raise file_error("is full of control bytes: this is a binary file, not text", "binary")


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text of mostly ASCII characters has a NUL in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def detect_encoding(file: BinaryIO, head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or its NUL pattern), else Windows-1252, else
    Latin-1 (which decodes anything)."""
    if head.startswith(codecs.BOM_UTF8):
        if not _decodes_whole(file, "utf-8-sig"):
            raise file_error(
                "starts with a UTF-8 byte-order mark but is not valid UTF-8", "encoding"
            )
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if not _decodes_whole(file, "utf-16"):
            raise file_error(
                "starts with a UTF-16 byte-order mark but is not valid UTF-16", "encoding"
            )
        return "utf-16"
    utf16 = _utf16_without_bom(head)
    if utf16 is not None and _decodes_whole(file, utf16):
        return utf16
    _refuse_binary(head)
    for encoding in ("utf-8", "cp1252"):
        if _decodes_whole(file, encoding):
            return encoding
    return "latin-1"


def open_source(file: BinaryIO, progress: ProgressFn | None = None) -> Source:
    """Check the file is text and find its encoding. Raises `ValidationFailed` on the `file` field."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise file_error("is empty", "empty")
    head = file.read(SNIFF_BYTES)
    encoding = detect_encoding(file, head)
    file.seek(0)
    return Source(file=file, size=size, encoding=encoding, progress=progress)
