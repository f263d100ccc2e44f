"""Code actions from the real server, each applied to the text and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import to_fs_path

from ..conftest import EXAMPLE
from .harness import (
    apply_edits,
    codes,
    copy_project,
    edits_for,
    lsp,
    open_file,
    replace_text,
    uri,
    wait_until,
)

pytestmark = pytest.mark.asyncio

TABLE = "Tables/dbo.BillingUsageLedger_InMemory.sql"


async def _actions(client, u, diag, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=u),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag], only=only),
        )
    )


async def _diag(client, u, code):
    await wait_until(lambda: code in codes(client, u))
    return next(d for d in client.diagnostics[u] if d.code == code)


async def test_quick_fix_rewrites_the_durability(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    path = project / TABLE
    async with lsp(project) as client:
        u = open_file(client, path)
        diag = await _diag(client, u, "HT101")
        actions = await _actions(client, u, diag)
        titles = [a.title for a in actions]
        fix = next(a for a in actions if a.title.startswith("HT101:"))
        assert fix.kind == types.CodeActionKind.QuickFix
        assert fix.is_preferred is False  # unsafe fixes are offered, never preferred
        assert "(unsafe)" in fix.title
        assert "Disable HT101 for this line" in titles
        assert "Disable HT101 for this file" in titles
        assert "Show documentation for HT101" in titles
        text = path.read_text("utf-8")
        fixed = apply_edits(text, edits_for(fix.edit, u))
        assert "DURABILITY = SCHEMA_AND_DATA" in fixed
        assert "SCHEMA_ONLY);" not in fixed
        # The fixed text, sent back, clears the finding.
        replace_text(client, u, 2, fixed)
        await wait_until(lambda: "HT101" not in codes(client, u))


async def test_unsafe_fixes_can_be_turned_off(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project, options={"diagnosticMode": "push", "unsafeFixes": False}) as client:
        u = open_file(client, project / TABLE)
        diag = await _diag(client, u, "HT101")
        titles = [a.title for a in await _actions(client, u, diag)]
        assert not any(t.startswith("HT101:") for t in titles)
        assert "Disable HT101 for this line" in titles


async def test_noqa_actions_silence_the_finding(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    path = project / TABLE
    async with lsp(project) as client:
        u = open_file(client, path)
        diag = await _diag(client, u, "HT101")
        actions = {a.title: a for a in await _actions(client, u, diag)}
        text = path.read_text("utf-8")
        line_fixed = apply_edits(text, edits_for(actions["Disable HT101 for this line"].edit, u))
        assert line_fixed.splitlines()[diag.range.start.line].endswith("-- noqa: HT101")
        file_fixed = apply_edits(text, edits_for(actions["Disable HT101 for this file"].edit, u))
        assert file_fixed.startswith("-- hartonomous: noqa-file: HT101\n")
        replace_text(client, u, 2, line_fixed)
        await wait_until(lambda: "HT101" not in codes(client, u))
        assert "HT301" in codes(client, u)  # only HT101 is silenced
        replace_text(client, u, 3, file_fixed)
        await wait_until(lambda: "HT101" not in codes(client, u) and "HT301" in codes(client, u))


async def test_show_documentation_opens_the_rule_page(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / TABLE)
        diag = await _diag(client, u, "HT101")
        docs = next(a for a in await _actions(client, u, diag) if a.title.startswith("Show doc"))
        assert isinstance(docs, types.CodeAction)
        assert list(docs.diagnostics) == [diag]
        command = docs.command
        assert command.command == "hartonomous.showDocumentation"
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
        )
        await wait_until(lambda: client.shown_documents)
        page = client.shown_documents[-1].uri
        assert page.endswith("HT101.md")
        assert "# schema-only-durability (HT101)" in Path(to_fs_path(page)).read_text("utf-8")


async def test_fix_all_applies_safe_fixes_only(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    path = project / "Tables" / "dbo.CachedActivation.sql"
    async with lsp(project) as client:
        u = open_file(client, path)
        await _diag(client, u, "HT501")
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=u),
                range=types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(line=0, character=0),
                ),
                context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.hartonomous"]),
            )
        )
        assert [a.kind for a in actions] == ["source.fixAll.hartonomous"]
        edit = actions[0].edit
        touched = {
            c.text_document.uri
            for c in edit.document_changes or []
            if isinstance(c, types.TextDocumentEdit)
        }
        assert touched, "fix-all offered no edits"
        # Apply every edit of the workspace edit to disk, then the finding must be gone.
        for change in edit.document_changes:
            if isinstance(change, types.CreateFile):
                Path(to_fs_path(change.uri)).touch()
                continue
            target = Path(to_fs_path(change.text_document.uri))
            old = target.read_text("utf-8")
            target.write_bytes(apply_edits(old, change.edits).encode("utf-8"))
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=t, type=types.FileChangeType.Changed) for t in touched]
            )
        )
        if uri(path) in touched:
            replace_text(client, u, 2, path.read_text("utf-8"))
        await wait_until(lambda: "HT501" not in codes(client, u))
