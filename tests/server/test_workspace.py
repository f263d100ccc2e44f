"""The server's view of the whole project: edits in one file change findings in another, disk
changes and configuration changes are picked up, progress is reported, pull mode answers."""

from __future__ import annotations

import pytest
from lsprotocol import types

from ..conftest import EXAMPLE
from .harness import codes, copy_project, lsp, open_file, replace_text, uri, wait_until

pytestmark = pytest.mark.asyncio

LAYER = "Tables/dbo.ModelLayer.sql"
LAYER_INDEX = "Indexes/dbo.ModelLayer.IX_ModelLayer_ModelId.sql"
LEDGER = "Tables/dbo.BillingUsageLedger_InMemory.sql"


async def test_unsaved_edit_in_the_index_file_updates_the_table_file(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        table = open_file(client, project / LAYER)
        index = open_file(client, project / LAYER_INDEX)
        await wait_until(lambda: table in client.diagnostics and index in client.diagnostics)
        assert "HT502" not in codes(client, table)  # the index file serves the foreign key
        original = (project / LAYER_INDEX).read_text("utf-8")

        replace_text(client, index, 2, "-- the index is gone\n")
        await wait_until(lambda: "HT502" in codes(client, table))
        (diag,) = [d for d in client.diagnostics[table] if d.code == "HT502"]
        assert "ModelId" in diag.message
        assert (project / LAYER_INDEX).read_text("utf-8") == original  # nothing was saved

        replace_text(client, index, 3, original)
        await wait_until(lambda: "HT502" not in codes(client, table))


async def test_files_changed_on_disk_are_picked_up(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        table = open_file(client, project / LAYER)
        await wait_until(lambda: table in client.diagnostics)
        assert "HT502" not in codes(client, table)

        index_file = project / LAYER_INDEX
        saved = index_file.read_bytes()
        index_file.unlink()  # as a `git checkout` of another branch would
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri(index_file), type=types.FileChangeType.Deleted)]
            )
        )
        await wait_until(lambda: "HT502" in codes(client, table))

        index_file.write_bytes(saved)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri(index_file), type=types.FileChangeType.Created)]
            )
        )
        await wait_until(lambda: "HT502" not in codes(client, table))


async def test_config_file_changes_on_disk_are_picked_up(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        ledger = open_file(client, project / LEDGER)
        await wait_until(lambda: "HT101" in codes(client, ledger))
        config = project / "hartonomous.toml"
        config.write_text('ignore = ["HT101"]\n', "utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri(config), type=types.FileChangeType.Created)]
            )
        )
        await wait_until(lambda: "HT101" not in codes(client, ledger))
        assert "HT301" in codes(client, ledger)


async def test_did_change_configuration_applies_select_and_ignore(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project) as client:
        ledger = open_file(client, project / LEDGER)
        await wait_until(lambda: {"HT101", "HT301"} <= set(codes(client, ledger)))

        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"hartonomous": {"ignore": ["HT101"]}})
        )
        await wait_until(lambda: codes(client, ledger) == ["HT301"])

        # Settings pushed as null are fetched with workspace/configuration, as VS Code does.
        client.set_configuration({"select": ["HT101"], "ignore": []}, section="hartonomous")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await wait_until(lambda: codes(client, ledger) == ["HT101"])


async def test_initialization_options_choose_rules_and_target(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)

    async def checkpoint_json_fix(options: dict) -> object:
        async with lsp(project, options={"diagnosticMode": "push", **options}) as client:
            checkpoint = open_file(client, project / "Tables/dbo.CdcCheckpoint.sql")
            ledger = open_file(client, project / LEDGER)
            await wait_until(lambda: "HT301" in codes(client, checkpoint))
            await wait_until(lambda: ledger in client.diagnostics)
            assert ("HT101" in codes(client, ledger)) == ("HT101" not in options.get("ignore", []))
            (diag,) = [d for d in client.diagnostics[checkpoint] if d.code == "HT301"]
            return diag.data["fix"]

    # The JSON type exists from SQL Server 2025 on: no fix for an older target.
    assert (await checkpoint_json_fix({}))["applicability"] == "unsafe"
    assert await checkpoint_json_fix({"ignore": ["HT101"], "target": "sql2022"}) is None


async def test_indexing_reports_progress(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    files = len(list(project.rglob("*.sql")))
    async with lsp(project) as client:

        def finished() -> list | None:
            for reports in client.progress_reports.values():
                if reports and isinstance(reports[-1], types.WorkDoneProgressEnd):
                    return reports
            return None

        reports = await wait_until(finished)
        kinds = [type(r).__name__ for r in reports]
        assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
        messages = [r.message for r in reports if isinstance(r, types.WorkDoneProgressReport)]
        assert f"Indexing {files} files" in messages
        assert reports[-1].message == f"Indexed {files} files in 1 projects"


async def test_pull_diagnostics(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    async with lsp(project, options={"diagnosticMode": "pull"}) as client:
        ledger = open_file(client, project / LEDGER)

        async def pulled() -> list[str]:
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(
                    text_document=types.TextDocumentIdentifier(uri=ledger)
                )
            )
            return sorted(str(d.code) for d in report.items)

        # The server asks for a pull once the workspace is indexed.
        await wait_until(lambda: client.diagnostic_refresh_count)
        assert "HT101" in await pulled()
        assert ledger not in client.diagnostics  # nothing pushed in pull mode
        text = (project / LEDGER).read_text("utf-8").replace("SCHEMA_ONLY", "SCHEMA_AND_DATA")
        refreshes = client.diagnostic_refresh_count
        replace_text(client, ledger, 2, text)
        await wait_until(lambda: client.diagnostic_refresh_count > refreshes)
        assert "HT101" not in await pulled()
