"""Fix plumbing: a file's own style, and SqlProj.covers for files a fix creates."""

from __future__ import annotations

from pathlib import Path

from hartonomous_lsp.catalog.sqlproj import read_sqlproj
from hartonomous_lsp.fixes.style import style_of
from hartonomous_lsp.source.text import SourceText

TEMPLATE = """/*
Post-Deployment Script Template
 Use SQLCMD syntax to include a file in the post-deployment script.
*/
-- a comment
IF 1 = 1
BEGIN
\tPRINT 'x';
END
"""


def test_style_takes_indent_from_code_not_comments() -> None:
    assert style_of(SourceText(TEMPLATE)).indent == "\t"
    assert style_of(SourceText("/* one\n  two */\nSELECT 1\n")).indent == "    "


def test_sqlproj_covers_new_files_by_wildcard(tmp_path: Path) -> None:
    proj = tmp_path / "P.sqlproj"
    proj.write_text(
        '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003"><ItemGroup>'
        '<Build Include="Indexes\\*.sql" /><Build Include="Tables\\dbo.T.sql" />'
        "</ItemGroup></Project>"
    )
    sqlproj = read_sqlproj(proj)
    assert sqlproj.covers(tmp_path / "Indexes" / "dbo.T.IX_New.sql")
    assert sqlproj.covers(tmp_path / "indexes" / "DBO.T.ix.SQL")  # MSBuild is case-blind
    assert not sqlproj.covers(tmp_path / "Indexes" / "Sub" / "x.sql")
    assert not sqlproj.covers(tmp_path / "Tables" / "dbo.U.sql")
    assert not sqlproj.covers(tmp_path.parent / "elsewhere.sql")
