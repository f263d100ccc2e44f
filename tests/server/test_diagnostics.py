"""Diagnostics from the real server process: on open, on change, across files."""

from __future__ import annotations

import pytest
from lsprotocol import types

from ..conftest import EXAMPLE
from .harness import codes, copy_project, lsp, open_file, replace_text, wait_until

pytestmark = pytest.mark.asyncio


async def test_open_publishes_the_ht101_finding_on_the_schema_only_line(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    table = project / "Tables" / "dbo.BillingUsageLedger_InMemory.sql"
    async with lsp(project) as client:
        u = open_file(client, table)
        await wait_until(lambda: "HT101" in codes(client, u))
        (diag,) = [d for d in client.diagnostics[u] if d.code == "HT101"]
        line = table.read_text("utf-8").splitlines()[diag.range.start.line]
        assert "SCHEMA_ONLY" in line
        assert diag.source == "hartonomous"
        assert diag.severity == types.DiagnosticSeverity.Error
        assert diag.code_description is not None
        assert diag.code_description.href.endswith("HT101.md")
        assert diag.data["fix"]["applicability"] == "unsafe"


async def test_change_updates_and_clears_diagnostics(tmp_path) -> None:
    project = copy_project(EXAMPLE, tmp_path)
    table = project / "Tables" / "dbo.BillingUsageLedger_InMemory.sql"
    async with lsp(project) as client:
        u = open_file(client, table)
        await wait_until(lambda: "HT101" in codes(client, u))
        text = table.read_text("utf-8").replace("SCHEMA_ONLY", "SCHEMA_AND_DATA")
        replace_text(client, u, 2, text)
        await wait_until(lambda: "HT101" not in codes(client, u))
        replace_text(client, u, 3, text.replace("SCHEMA_AND_DATA", "SCHEMA_ONLY"))
        await wait_until(lambda: "HT101" in codes(client, u))
