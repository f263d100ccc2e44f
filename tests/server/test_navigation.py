"""Hover, go-to-definition, find-references and symbols over the project catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import to_fs_path

from ..conftest import EXAMPLE
from .harness import copy_project, lsp, open_file, uri, wait_until

pytestmark = pytest.mark.asyncio

PROC = "Stored Procedures/dbo.usp_CompleteBuild.sql"
TABLE = "Tables/dbo.CICDBuild.sql"


def position_of(path: Path, needle: str, nth: int = 0) -> types.Position:
    """The position of the middle of the nth occurrence of ``needle`` (ASCII files)."""
    lines = path.read_text("utf-8").splitlines()
    seen = 0
    for number, line in enumerate(lines):
        start = -1
        while (start := line.find(needle, start + 1)) != -1:
            if seen == nth:
                return types.Position(line=number, character=start + len(needle) // 2)
            seen += 1
    raise AssertionError(f"{needle!r} not in {path}")


async def ready(client, u: str) -> None:
    await wait_until(lambda: u in client.diagnostics)


async def hover_text(client, u: str, pos: types.Position) -> str:
    got = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=pos)
    )
    assert got is not None
    assert got.contents.kind == types.MarkupKind.Markdown
    return got.contents.value


async def test_hover_on_a_table_in_a_procedure_shows_its_definition(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / PROC)
        await ready(client, u)
        text = await hover_text(client, u, position_of(project / PROC, "CICDBuild]"))
        assert "**dbo.CICDBuild**" in text
        assert f"Defined in `{TABLE}:" in text
        assert "| BuildStatus |" in text
        # Every index, whichever file defines it (Indexes/ holds three of them).
        assert "IX_CICDBuild_BuildStatus" in text
        assert "Indexes/dbo.CICDBuild.IX_CICDBuild_BuildStatus.sql" in text


async def test_hover_on_a_column_and_on_a_finding(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / PROC)
        await ready(client, u)
        text = await hover_text(client, u, position_of(project / PROC, "BuildStatus]"))
        assert text.startswith("**dbo.CICDBuild.BuildStatus** `NVARCHAR(50)")

        t = open_file(client, project / TABLE)
        await wait_until(lambda: any(d.code == "HT201" for d in client.diagnostics.get(t, [])))
        diag = next(d for d in client.diagnostics[t] if d.code == "HT201")
        text = await hover_text(client, t, diag.range.start)
        assert "**HT201** status-without-check" in text


async def test_definition_and_references_of_a_table(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / PROC)
        await ready(client, u)
        pos = position_of(project / PROC, "CICDBuild]")
        doc = types.TextDocumentIdentifier(uri=u)
        (loc,) = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=pos)
        )
        assert loc.uri == uri(project / TABLE)
        line = (project / TABLE).read_text("utf-8").splitlines()[loc.range.start.line]
        assert "CICDBuild" in line and "CREATE TABLE" in line

        refs = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc,
                position=pos,
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        files = {Path(to_fs_path(r.uri)).relative_to(project).as_posix() for r in refs}
        assert TABLE in files
        assert PROC in files
        assert "Stored Procedures/dbo.usp_StartBuild.sql" in files
        assert "Indexes/dbo.CICDBuild.IX_CICDBuild_StartTime.sql" in files
        assert not any("CachedActivation" in f for f in files)
        for r in refs:  # each location points at the name itself
            lines = Path(to_fs_path(r.uri)).read_text("utf-8").splitlines()
            line = lines[r.range.start.line]
            assert "CICDBuild" in line[r.range.start.character : r.range.end.character]


async def test_definition_of_a_column(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / PROC)
        await ready(client, u)
        (loc,) = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=u),
                position=position_of(project / PROC, "BuildStatus]"),
            )
        )
        assert loc.uri == uri(project / TABLE)
        line = (project / TABLE).read_text("utf-8").splitlines()[loc.range.start.line]
        assert line.strip().startswith("[BuildStatus]")


async def test_document_and_workspace_symbols(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / TABLE)
        await ready(client, u)
        symbols = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=u))
        )
        (table,) = [s for s in symbols if s.kind == types.SymbolKind.Struct]
        assert "CICDBuild" in table.name
        children = {c.name for c in table.children or []}
        assert {"BuildId", "BuildStatus", "DeploymentStatus"} <= children

        found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="build"))
        by_name = {s.name: s for s in found}
        assert any("usp_CompleteBuild" in n for n in by_name)
        assert any(n.endswith("CICDBuild") for n in by_name)
        procs = [s for s in found if "usp_StartBuild" in s.name]
        assert procs and procs[0].kind == types.SymbolKind.Function
        assert procs[0].location.uri == uri(project / "Stored Procedures/dbo.usp_StartBuild.sql")
