"""The server never dies: failing rules, malformed requests, unknown URIs, huge files and
bursts of edits each get an answer, and the server keeps serving afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ..conftest import CORPUS, EXAMPLE
from .harness import (
    codes,
    copy_project,
    lsp,
    open_file,
    replace_text,
    send_raw_bytes,
    send_raw_request,
    uri,
    wait_until,
)

pytestmark = pytest.mark.asyncio

LEDGER = "Tables/dbo.BillingUsageLedger_InMemory.sql"
REPO = Path(__file__).resolve().parents[2]


async def still_answers(client, u: str, text: str) -> None:
    """A real request that needs the whole engine: hover on the table's name."""
    lines = text.splitlines()
    line = next(n for n, s in enumerate(lines) if s.startswith("CREATE TABLE"))
    got = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=u),
            position=types.Position(line=line, character=lines[line].index("Billing") + 3),
        )
    )
    assert got is not None and "BillingUsageLedger_InMemory" in got.contents.value


def ht101_on_schema_only(client, u: str, text: str) -> bool:
    lines = text.splitlines()
    return any(
        d.code == "HT101"
        and d.range.start.line < len(lines)
        and "SCHEMA_ONLY" in lines[d.range.start.line]
        for d in client.diagnostics.get(u, [])
    )


def errors_logged(client) -> list[str]:
    return [m.message for m in client.log_messages if m.type == types.MessageType.Error]


async def test_a_rule_that_raises_costs_only_its_own_findings(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    env = {
        "HARTONOMOUS_RULE_MODULES": "tests.server.crash_rule",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    async with lsp(project, env=env) as client:
        u = open_file(client, project / LEDGER)
        await wait_until(lambda: "HT101" in codes(client, u))
        assert errors_logged(client) == []
        text = (project / LEDGER).read_text("utf-8")

        replace_text(client, u, 2, "-- crash-me\n" + text)
        await wait_until(lambda: errors_logged(client))
        assert "rule HT990" in errors_logged(client)[0]
        assert "RuntimeError: rule blew up" in errors_logged(client)[0]
        # Every other rule still reports, on the new text (one line further down).
        await wait_until(lambda: ht101_on_schema_only(client, u, "-- crash-me\n" + text))
        await still_answers(client, u, "-- crash-me\n" + text)

        replace_text(client, u, 3, text)
        await wait_until(lambda: ht101_on_schema_only(client, u, text))
        await still_answers(client, u, text)


async def test_malformed_and_unknown_requests_get_error_responses(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / LEDGER)
        await wait_until(lambda: "HT101" in codes(client, u))

        text = (project / LEDGER).read_text("utf-8")
        with pytest.raises(JsonRpcException) as unknown:
            await client.protocol.send_request_async("hartonomous/noSuchMethod", {})
        assert unknown.value.code == -32601  # MethodNotFound

        with pytest.raises(JsonRpcException) as wrong:  # params of the wrong shape
            await send_raw_request(
                client, types.TEXT_DOCUMENT_HOVER, {"textDocument": 7, "position": "here"}
            )
        assert wrong.value.code == -32602  # InvalidParams
        assert "textDocument/hover" in wrong.value.message
        logged = len(client.log_messages)
        send_raw_bytes(client, b"{this is not json")
        await wait_until(lambda: len(client.log_messages) > logged)
        assert "reading a message from the client failed" in client.log_messages[-1].message
        await still_answers(client, u, text)
        with pytest.raises(JsonRpcException):  # an unknown command
            await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command="hartonomous.noSuchCommand")
            )
        # A position far past the end of the file: no hover, no error.
        far = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=u),
                position=types.Position(line=10_000, character=10_000),
            )
        )
        assert far is None
        await still_answers(client, u, text)


async def test_unknown_uris_get_empty_answers(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        u = open_file(client, project / LEDGER)
        await wait_until(lambda: "HT101" in codes(client, u))
        for missing in (uri(tmp_path / "nowhere" / "x.sql"), "untitled:Untitled-1"):
            doc = types.TextDocumentIdentifier(uri=missing)
            at = types.Position(line=0, character=0)
            assert await client.text_document_hover_async(types.HoverParams(doc, at)) is None
            assert await client.text_document_definition_async(types.DefinitionParams(doc, at)) in (
                None,
                [],
            )
            assert await client.text_document_document_symbol_async(
                types.DocumentSymbolParams(doc)
            ) in (None, [])
            actions = await client.text_document_code_action_async(
                types.CodeActionParams(
                    doc, types.Range(at, at), types.CodeActionContext(diagnostics=[])
                )
            )
            assert not actions
        # An unsaved buffer and a file outside every project can be opened and edited.
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem("untitled:Untitled-1", "sql", 1, "CREATE TABLE t (a INT);")
            )
        )
        outside = tmp_path / "loose" / "script.sql"
        outside.parent.mkdir()
        outside.write_text("SELECT 1;\n", "utf-8")
        loose = open_file(client, outside)
        replace_text(client, loose, 2, "CREATE TABLE (((")
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=loose))
        )
        await still_answers(client, u, (project / LEDGER).read_text("utf-8"))
        assert errors_logged(client) == []


async def test_a_huge_file_is_analysed(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    # The largest file of WideWorldImporters (about 3 MB of INSERTs), as a script next to a
    # copy of the ledger table that is then opened and edited.
    largest = max(CORPUS.rglob("*.sql"), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size > 2_000_000
    huge = project / "Scripts" / "Huge.sql"
    huge.write_bytes(largest.read_bytes())
    async with lsp(project) as client:
        h = open_file(client, huge)
        await wait_until(lambda: h in client.diagnostics, timeout=60)
        assert not [d for d in client.diagnostics[h] if d.code == "HT900"]
        tail = "\nCREATE TABLE dbo.Broken (\n"
        text = huge.read_text("utf-8-sig")
        replace_text(client, h, 2, text + tail)
        lines = text.count("\n") + tail.count("\n")
        await wait_until(
            lambda: any(
                d.code == "HT900" and d.range.start.line >= lines - 2 for d in client.diagnostics[h]
            ),
            timeout=60,
        )
        ledger = open_file(client, project / LEDGER)
        await still_answers(client, ledger, (project / LEDGER).read_text("utf-8"))


async def test_a_burst_of_edits_publishes_the_last_version_only_forwards(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        published: list[tuple[int | None, list[str]]] = []
        feature = client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def record(params: types.PublishDiagnosticsParams) -> None:
            published.append((params.version, sorted(str(d.code) for d in params.diagnostics)))
            feature(params)

        client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
        u = open_file(client, project / LEDGER)
        await wait_until(lambda: "HT101" in codes(client, u))
        text = (project / LEDGER).read_text("utf-8")
        fixed = text.replace("SCHEMA_ONLY", "SCHEMA_AND_DATA")
        expected = {0: ["HT301"], 1: ["HT101", "HT301"]}  # by version parity
        last = 101
        for version in range(2, last):
            replace_text(client, u, version, text if version % 2 else fixed)
        # The last text gives a result no earlier one gave, so its publish cannot be skipped
        # as "unchanged".
        replace_text(client, u, last, "-- hartonomous: noqa-file: HT301\n" + text)
        await wait_until(lambda: published and published[-1][0] == last)
        assert published[-1][1] == ["HT101"]
        versions = [v for v, _ in published if v is not None]
        assert versions == sorted(versions)  # never an older result after a newer one
        assert len(published) < 20  # debounced: far fewer publishes than edits
        for version, found in published[1:-1]:  # each result matches the text it was sent for
            assert found == expected[version % 2], version
