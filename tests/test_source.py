"""The source layer: decoding, positions, GO batches, SQLCMD lines."""

from __future__ import annotations

import codecs

from hartonomous_lsp.parse.script import parse_text
from hartonomous_lsp.source.batches import go_count, split_batches
from hartonomous_lsp.source.lexer import GO, SQLCMD, SQLVAR, lex
from hartonomous_lsp.source.text import SourceText


def test_utf16_bom_crlf_round_trip_and_positions() -> None:
    text = "CREATE TABLE dbo.T (\r\n    \U0001f600Name NVARCHAR(10) NULL\r\n);\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    source = SourceText.from_bytes(data)
    assert (source.encoding, source.bom, source.newline) == ("utf-16-le", True, "\r\n")
    assert source.encode() == data
    offset = source.text.index("Name")
    assert source.position(offset) == (1, 5)  # code points: the emoji is one
    assert source.position_utf16(offset) == (1, 6)  # UTF-16: the emoji is two units
    assert source.offset_utf16(1, 6) == offset
    assert source.line_text(1) == "    \U0001f600Name NVARCHAR(10) NULL"


def test_utf8_with_and_without_bom() -> None:
    with_bom = SourceText.from_bytes(codecs.BOM_UTF8 + b"SELECT 1\n")
    plain = SourceText.from_bytes(b"SELECT 1\n")
    assert with_bom.bom and not plain.bom
    assert with_bom.text == plain.text == "SELECT 1\n"
    assert with_bom.encode().startswith(codecs.BOM_UTF8)


def test_go_inside_block_comment_and_string_does_not_split() -> None:
    sql = "SELECT 1\n/* a comment\nGO\n/* nested\nGO\n*/ still comment\nGO\n*/\nSELECT 'x\nGO\n'\nGO\nSELECT 2\n"
    tokens = lex(sql).tokens
    assert len(split_batches(tokens)) == 2
    assert sum(1 for t in tokens if t.kind == GO) == 1


def test_go_with_count_and_comment_and_case() -> None:
    tokens = lex("SELECT 1\n  go 5 -- five times\nSELECT 2\nGo\n").tokens
    gos = [t for t in tokens if t.kind == GO]
    assert [go_count(t) for t in gos] == [5, 1]
    assert len(split_batches(tokens)) == 2


def test_go_not_alone_on_its_line_is_not_a_separator() -> None:
    tokens = lex("SELECT 1 GO\nSELECT GO FROM t\n").tokens
    assert not [t for t in tokens if t.kind == GO]


def test_sqlcmd_lines_are_understood() -> None:
    sql = ':setvar Schema "dbo"\n:r .\\Seed\\data.sql\nSELECT * FROM [$(Schema)].T\nGO\n'
    lexed = lex(sql)
    assert [t.text.split()[0] for t in lexed.tokens if t.kind == SQLCMD] == [":setvar", ":r"]
    assert not lexed.errors
    parsed = parse_text(sql)
    assert [i.path for i in parsed.includes] == [".\\Seed\\data.sql"]
    assert not parsed.errors
    assert any(t.kind == SQLVAR for t in lex("SELECT $(x)").tokens)


def test_unclosed_string_is_an_error_and_later_batches_survive() -> None:
    sql = "SELECT 'oops\nGO\nCREATE TABLE dbo.Later (Id INT NOT NULL);\n"
    parsed = parse_text(sql)
    assert [e.message for e in parsed.errors] == ["unclosed string: no closing '"]
    assert parsed.errors[0].span[0] == sql.index("'")
    assert [t.name.name for t in parsed.tables] == ["Later"]


def test_nested_block_comments() -> None:
    lexed = lex("/* outer /* inner */ still outer */ SELECT 1")
    assert len(lexed.comments) == 1
    assert [t.text for t in lexed.tokens] == ["SELECT", "1"]
