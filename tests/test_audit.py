"""`hartonomous audit`: the report is complete and exact against the catalog, deterministic,
and its HTML opens cleanly in a real browser."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hartonomous_lsp.audit.progress import Progress
from hartonomous_lsp.audit.score import NO_PRIMARY_KEY, PENALTY
from hartonomous_lsp.cli import main
from hartonomous_lsp.engine import analyze

from .conftest import CORPUS, EXAMPLE

# The seven tables of ../shared/spec/audit-part-40.md and the findings the audit lists.
AUDITED = {
    "dbo.BillingUsageLedger_InMemory": ["HT101", "HT301"],
    "dbo.BillingUsageLedger_Migrate_to_Ledger": ["HT201"],
    "dbo.CachedActivation": ["HT501"],
    "dbo.CachedActivations_InMemory": ["HT202", "HT202", "HT501"],
    "dbo.CdcCheckpoint": ["HT301"],
    "dbo.CICDBuild": ["HT201", "HT201"],
    "dbo.CodeAtom": ["HT401"],
}


def audit_json(capsys, path: Path) -> dict:
    assert main(["audit", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_seven_tables_with_their_findings_and_catalog_counts(capsys) -> None:
    report = audit_json(capsys, EXAMPLE)
    sections = {t["name"]: t for t in report["tables"]}
    analysis = analyze([EXAMPLE])
    (lp,) = analysis.projects
    catalog = lp.catalog
    for name, codes in AUDITED.items():
        section = sections[name]
        assert sorted(f["code"] for f in section["findings"]) == codes, name
        table = catalog.table(name)
        # The findings are exactly those `check` reports in the table's file.
        checked = sorted(
            (f.code, f.message) for f in analysis.findings if str(f.path) == table.path
        )
        assert sorted((f["code"], f["message"]) for f in section["findings"]) == checked
        assert len(section["columns"]) == len(table.columns)
        assert [c["name"] for c in section["columns"]] == [c.column.name for c in table.columns]
        assert len(section["indexes"]) == len(table.indexes)
        assert len(section["foreign_keys_out"]) == len(table.constraints_of("FOREIGN KEY"))
        assert section["memory_optimized"] == table.memory_optimized
        assert section["durability"] == table.durability
    cicd = sections["dbo.CICDBuild"]
    # The hand-written audit says "Indexes (4)" and lists five: all five, wherever defined.
    assert {i["name"] for i in cicd["indexes"]} >= {
        "IX_CICDBuild_BuildStatus",
        "IX_CICDBuild_Environment",
        "IX_CICDBuild_StartTime",
    }
    assert sections["dbo.CachedActivations_InMemory"]["durability"] == "SCHEMA_AND_DATA"
    summary = report["summary"]
    tables = list(catalog.real_tables())
    assert summary["tables"] == len(tables)
    assert summary["columns"] == sum(len(t.columns) for t in tables)
    assert summary["indexes"] == sum(len(t.indexes) for t in tables)
    assert summary["foreign_keys"] == sum(len(t.constraints_of("FOREIGN KEY")) for t in tables)
    assert summary["memory_optimized"] == sum(t.memory_optimized for t in tables)
    assert summary["critical"] == {
        "HT101": ["dbo.BillingUsageLedger_InMemory (Tables/dbo.BillingUsageLedger_InMemory.sql:22)"]
    }
    assert summary["next_steps"][0]["code"] == "HT101"  # the error comes first


def test_scores_follow_the_documented_formula(capsys) -> None:
    report = audit_json(capsys, EXAMPLE)
    for t in report["tables"]:
        expected = 100 - sum(PENALTY[f["severity"]] for f in t["findings"])
        expected -= 0 if t["primary_key"] else NO_PRIMARY_KEY
        assert t["score"] == max(expected, 0), t["name"]
    mean = sum(t["score"] for t in report["tables"]) / len(report["tables"])
    assert report["summary"]["average_score"] == round(mean, 1)
    assert main(["audit", "--explain-score"]) == 0
    explained = capsys.readouterr().out
    assert f"-{PENALTY['error']}" in explained and f"-{NO_PRIMARY_KEY}" in explained


def test_markdown_has_every_section_and_is_deterministic(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert main(["audit", str(EXAMPLE), "-o", str(first)]) == 0
    assert main(["audit", str(EXAMPLE), "-o", str(second)]) == 0
    text = first.read_text("utf-8")
    assert text == second.read_text("utf-8")
    for name in AUDITED:
        assert f"## {name} " in text
    assert "## Summary" in text and "### Next steps" in text


def chromium() -> str:
    found = shutil.which("chromium")
    assert found, "Debian's chromium is installed by .ci/run"
    return found


def open_in_chromium(page: Path, screenshot: Path) -> str:
    """Loads the page headless, takes a screenshot, returns what the browser logged."""
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={screenshot.parent / 'chromium-profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,1800",
            "--hide-scrollbars",
            f"--screenshot={screenshot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def console_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def test_the_console_check_can_see_an_error(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><script>console.error('boom')</script>", "utf-8")
    assert any("boom" in line for line in console_lines(open_in_chromium(page, tmp_path / "b.png")))


@pytest.mark.parametrize("project", ["wwi-ssdt/wwi-ssdt", "wwi-dw-ssdt/wwi-dw-ssdt"])
def test_wwi_html_opens_without_console_errors(tmp_path: Path, project: str) -> None:
    page = tmp_path / "audit.html"
    assert main(["audit", str(CORPUS / project), "--format", "html", "-o", str(page)]) == 0
    html = page.read_text("utf-8")
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )  # self-contained, no script
    assert html.count('<section id="table-') == len(
        list(analyze([CORPUS / project]).projects[0].catalog.real_tables())
    )
    shot = tmp_path / "audit.png"
    log = open_in_chromium(page, shot)
    assert console_lines(log) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream", [io.StringIO(), _Terminal()])
def test_progress_is_a_bar_on_a_terminal_and_lines_in_a_log(stream) -> None:
    progress = Progress(stream)
    progress.step("reading", 0, 0)
    assert stream.getvalue() == ""  # nothing for what finishes at once
    progress.started -= 10  # a large project: past the quiet start
    progress.step("writing the report of wwi", 1, 2)
    progress.done("audit written in 1.00 s")
    out = stream.getvalue()
    if stream.isatty():
        assert "\r[##########----------] 1/2 writing the report of wwi" in out
        assert out.endswith("\r\x1b[Kaudit written in 1.00 s\n")
    else:
        assert out == (
            "hartonomous: writing the report of wwi\nhartonomous: audit written in 1.00 s\n"
        )
