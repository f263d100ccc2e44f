"""Offsets into decoded text, to and from LSP positions in the negotiated encoding."""

from __future__ import annotations

from lsprotocol import types

from ..source.text import SourceText


def to_position(source: SourceText, offset: int, encoding: str) -> types.Position:
    if encoding == types.PositionEncodingKind.Utf16:
        line, column = source.position_utf16(offset)
    else:
        line, column = source.position(offset)
        if encoding == types.PositionEncodingKind.Utf8:
            start = source.line_starts[line]
            column = len(source.text[start : start + column].encode("utf-8"))
    return types.Position(line=line, character=column)


def to_range(source: SourceText, span: tuple[int, int], encoding: str) -> types.Range:
    return types.Range(
        start=to_position(source, span[0], encoding), end=to_position(source, span[1], encoding)
    )


def to_offset(source: SourceText, position: types.Position, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf16:
        return source.offset_utf16(position.line, position.character)
    if encoding == types.PositionEncodingKind.Utf8:
        if position.line >= len(source.line_starts):
            return len(source.text)
        line = source.line_text(position.line).encode("utf-8")
        column = len(line[: position.character].decode("utf-8", "ignore"))
        return source.offset(position.line, column)
    return source.offset(position.line, position.character)
