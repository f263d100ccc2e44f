"""Decoded source text: what the bytes were, and where every offset sits."""

from __future__ import annotations

import bisect
import codecs
from dataclasses import dataclass, field
from pathlib import Path

UTF8 = "utf-8"
UTF16LE = "utf-16-le"
UTF16BE = "utf-16-be"

_BOMS = (
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF16_LE, UTF16LE),
    (codecs.BOM_UTF16_BE, UTF16BE),
)


class DecodeError(ValueError):
    """The bytes are neither UTF-8 nor UTF-16 with a BOM."""


@dataclass(slots=True)
class SourceText:
    """A file's text with the facts needed to write it back byte for byte.

    Offsets everywhere in the engine are indexes into ``text`` (code points).
    """

    text: str
    encoding: str = UTF8
    bom: bool = False
    newline: str = "\n"
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_bytes(cls, data: bytes) -> SourceText:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                try:
                    text = data[len(bom) :].decode(encoding)
                except UnicodeDecodeError as exc:
                    raise DecodeError(
                        f"invalid {encoding} after its byte-order mark: {exc}"
                    ) from exc
                return cls(text, encoding, True, _newline_of(text))
        try:
            text = data.decode(UTF8)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
                "and no UTF-16 byte-order mark"
            ) from exc
        return cls(text, UTF8, False, _newline_of(text))

    def encode(self, text: str | None = None) -> bytes:
        """The bytes of ``text`` (default: this text) in this file's encoding and BOM."""
        body = (self.text if text is None else text).encode(self.encoding)
        if not self.bom:
            return body
        return {UTF8: codecs.BOM_UTF8, UTF16LE: codecs.BOM_UTF16_LE}.get(
            self.encoding, codecs.BOM_UTF16_BE
        ) + body

    @property
    def line_starts(self) -> list[int]:
        if not self._line_starts:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    @property
    def line_count(self) -> int:
        starts = self.line_starts
        if len(starts) > 1 and starts[-1] == len(self.text):
            return len(starts) - 1
        return len(starts)

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in code points) of an offset."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    def position_utf16(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in UTF-16 code units): the LSP position of an offset."""
        line, _ = self.position(offset)
        start = self.line_starts[line]
        segment = self.text[start:offset]
        return line, len(segment) + sum(1 for ch in segment if ord(ch) > 0xFFFF)

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based (line, code-point column), clamped to the text."""
        starts = self.line_starts
        if line >= len(starts):
            return len(self.text)
        return min(starts[line] + column, self._line_end(line))

    def offset_utf16(self, line: int, column: int) -> int:
        """Offset of a 0-based LSP position (UTF-16 code units), clamped to its line."""
        starts = self.line_starts
        if line >= len(starts):
            return len(self.text)
        pos, units, end = starts[line], 0, self._line_end(line)
        while pos < end and units < column:
            units += 2 if ord(self.text[pos]) > 0xFFFF else 1
            pos += 1
        return pos

    def line_text(self, line: int) -> str:
        start = self.line_starts[line]
        return self.text[start : self._line_end(line)]

    def _line_end(self, line: int) -> int:
        starts = self.line_starts
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        if end > starts[line] and self.text[end - 1 : end] == "\r":
            end -= 1
        return end


def _newline_of(text: str) -> str:
    first = text.find("\n")
    if first > 0 and text[first - 1] == "\r":
        return "\r\n"
    return "\n"


def read_source(path: Path) -> SourceText:
    return SourceText.from_bytes(path.read_bytes())


def try_read_source(path: Path) -> SourceText | None:
    """The file's text, or None when it is missing or cannot be decoded."""
    try:
        return read_source(path)
    except (OSError, DecodeError):
        return None
