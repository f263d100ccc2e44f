"""``--format sarif`` and ``--format github``, and github as the default inside GitHub Actions."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from hartonomous_lsp import __version__
from hartonomous_lsp.cli import main
from hartonomous_lsp.engine import analyze
from hartonomous_lsp.report.github import escape_data, escape_property, render_github
from hartonomous_lsp.rules.base import all_rules

from .conftest import EXAMPLE, ROOT

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
BROKEN = "CREATE TABLE dbo.Bad (\n    Id INT NOT NULL,\n    Total DECIMAL(12, 2 NOT NULL\n);\n"


@pytest.fixture(autouse=True)
def _outside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests choose the environment themselves, even when CI runs them in Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def _project(tmp_path: Path) -> Path:
    (tmp_path / "hartonomous.toml").write_text('target = "sql2025"\n')
    (tmp_path / "Bad.sql").write_text(BROKEN)
    return tmp_path


def test_sarif_of_the_example_validates_and_matches_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    example = str(EXAMPLE.relative_to(ROOT))
    code, out = _run(capsys, example, "--format", "sarif")
    json_code, json_out = _run(capsys, example, "--format", "json")
    assert code == json_code == 1
    log = json.loads(out)
    Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)

    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("hartonomous", __version__)
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == [r.code for r in rules]
    assert all(r["helpUri"].endswith(f"/docs/rules/{r['id']}.md") for r in driver["rules"])

    expected = json.loads(json_out)
    results = run["results"]
    assert len(results) == len(expected) > 0
    with_fix = without_fix = 0
    for result, finding in zip(results, expected, strict=True):
        assert result["ruleId"] == finding["code"]
        assert driver["rules"][result["ruleIndex"]]["id"] == finding["code"]
        assert result["level"] == {"info": "note"}.get(finding["severity"], finding["severity"])
        assert result["message"]["text"] == finding["message"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["artifactLocation"]["uri"].replace("%20", " ") == finding["path"]
        region = physical["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (finding["line"], finding["column"], finding["end_line"], finding["end_column"])
        if finding["fix"] is None:
            assert "fixes" not in result
            without_fix += 1
            continue
        with_fix += 1
        [fix] = result["fixes"]
        assert fix["description"]["text"] == finding["fix"]["title"]
        assert fix["properties"]["applicability"] == finding["fix"]["applicability"]
        replacements = [
            (change["artifactLocation"]["uri"].replace("%20", " "), r)
            for change in fix["artifactChanges"]
            for r in change["replacements"]
        ]
        assert [
            (
                path,
                r["deletedRegion"]["startLine"],
                r["deletedRegion"]["startColumn"],
                r["deletedRegion"]["endLine"],
                r["deletedRegion"]["endColumn"],
                r["insertedContent"]["text"],
            )
            for path, r in replacements
        ] == [
            (e["path"], e["line"], e["column"], e["end_line"], e["end_column"], e["content"])
            for e in finding["fix"]["edits"]
        ]
    assert with_fix and without_fix
    assert {f["fix"]["applicability"] for f in expected if f["fix"]} == {"safe", "unsafe"}


def test_sarif_of_a_clean_project_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hartonomous.toml").write_text('target = "sql2025"\n')
    (tmp_path / "a.sql").write_text("SELECT 1;\n")
    code, out = _run(capsys, str(tmp_path), "--format", "sarif")
    assert code == 0
    log = json.loads(out)
    Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)
    assert log["runs"][0]["results"] == []


def test_github_line_for_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_project(tmp_path))
    code, out = _run(capsys, ".", "--format", "github")
    _, findings = _run(capsys, ".", "--format", "json")
    [finding] = json.loads(findings)
    assert code == 1
    assert out == (
        "::error file=Bad.sql,line=3,col=25,endLine=3,endColumn=28,"
        f"title=HT900 parse-error::{finding['message']}\n"
    )
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        3,
        25,
        3,
        28,
    )


def test_github_levels_follow_severity(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    example = str(EXAMPLE.relative_to(ROOT))
    _, out = _run(capsys, example, "--format", "github")
    _, json_out = _run(capsys, example, "--format", "json")
    lines = out.splitlines()
    expected = json.loads(json_out)
    assert len(lines) == len(expected)
    for line, finding in zip(lines, expected, strict=True):
        command = {"info": "notice"}.get(finding["severity"], finding["severity"])
        assert line.startswith(
            f"::{command} file={finding['path']},line={finding['line']},col={finding['column']},"
        )
        assert f",title={finding['code']} {finding['name']}::" in line


def test_github_escapes_messages_and_properties(tmp_path: Path) -> None:
    root = _project(tmp_path)
    odd = root / "odd,name 100%.sql"  # no ':' in it: Windows forbids that in a file name
    odd.write_text(BROKEN)
    analysis = analyze([odd], use_cache=False)
    sources = {p: f for lp in analysis.projects for p, f in lp.files.items()}
    [finding] = analysis.findings
    finding = dataclasses.replace(finding, message="first line, 100% sure\r\nsecond: line")
    [line] = render_github([finding], sources).splitlines()
    assert line.startswith("::error file=")
    props, message = line[len("::error ") :].split("::", 1)
    assert message == "first line, 100%25 sure%0D%0Asecond: line"
    assert "odd%2Cname 100%25.sql,line=3," in props
    assert props.endswith(",title=HT900 parse-error")
    assert props.count(",") == 5  # only the separators: the value's comma is escaped
    assert escape_property("a:b,c%d\r\n") == "a%3Ab%2Cc%25d%0D%0A"
    assert escape_data("a:b,c") == "a:b,c"


def test_github_is_the_default_inside_actions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_project(tmp_path))
    code, text = _run(capsys, ".")
    assert code == 1 and text.startswith("Bad.sql:3:25: HT900")

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = _run(capsys, ".")
    assert code == 1
    assert out.startswith("::error file=Bad.sql,line=3,col=25,") and len(out.splitlines()) == 1
    assert _run(capsys, ".", "--format", "text") == (1, text)
    assert json.loads(_run(capsys, ".", "--format", "json")[1])[0]["code"] == "HT900"

    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert _run(capsys, ".") == (1, text)


def test_github_prints_nothing_on_a_clean_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.sql").write_text("SELECT 1;\n")
    assert _run(capsys, str(tmp_path), "--format", "github") == (0, "")
