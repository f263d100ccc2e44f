"""The CLI shell: formats, exit codes, selection, suppression, catalog, cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hartonomous_lsp.cli import main

from .conftest import CORPUS, EXAMPLE

BROKEN = "CREATE TABLE dbo.Bad (\n    Id INT NOT NULL,\n    Total DECIMAL(12, 2 NOT NULL\n);\n"


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "hartonomous.toml").write_text('target = "sql2025"\n')
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_output_keys_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    root = _project(tmp_path, {"Tables/Bad.sql": BROKEN})
    monkeypatch.chdir(root)
    code, findings = _json(capsys, ".")
    assert code == 1
    [f] = findings
    assert set(f) >= {
        "code",
        "name",
        "message",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
    }
    assert (f["code"], f["path"], f["line"], f["column"]) == ("HT900", "Tables/Bad.sql", 3, 25)


def test_exit_zero_ignore_select_and_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, {"Bad.sql": BROKEN})
    assert main(["check", str(root), "--exit-zero"]) == 0
    capsys.readouterr()
    assert _json(capsys, str(root), "--ignore", "HT900") == (0, [])
    assert _json(capsys, str(root), "--select", "parse-error")[0] == 1
    assert main(["check", str(root), "--select", "HT999"]) == 2
    assert main(["check", str(root / "missing")]) == 2


def test_text_output_looks_like_ruff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    root = _project(tmp_path, {"Bad.sql": BROKEN})
    monkeypatch.chdir(root)
    assert main(["check", "."]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Bad.sql:3:25: HT900 Syntax error")
    assert "3 |     Total DECIMAL(12, 2 NOT NULL" in out
    assert "^^^ HT900" in out and "Found 1 error." in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_noqa_line_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = BROKEN.replace("2 NOT NULL", "2 NOT NULL -- noqa: HT900")
    other = BROKEN.replace("2 NOT NULL", "2 NOT NULL -- noqa: HT101")
    whole = "-- hartonomous: noqa-file\n" + BROKEN
    root = _project(tmp_path, {"a.sql": line, "b.sql": other, "c.sql": whole})
    _, findings = _json(capsys, str(root))
    assert [Path(f["path"]).name for f in findings] == ["b.sql"]


def test_config_errors_name_the_key_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hartonomous.toml").write_text('tagret = "sql2025"\n')
    (tmp_path / "a.sql").write_text("SELECT 1;\n")
    assert main(["check", str(tmp_path)]) == 2
    assert "unknown key 'tagret'" in capsys.readouterr().err


def test_catalog_json_of_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", str(EXAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [project] = data["projects"]
    assert project["target"] == "sql2025"
    tables = {t["name"]: t for t in project["tables"]}
    ledger = tables["BillingUsageLedger_InMemory"]
    assert ledger["memory_optimized"] and ledger["durability"] == "SCHEMA_ONLY"
    assert len(ledger["columns"]) == 13
    cicd = tables["CICDBuild"]
    assert len(cicd["indexes"]) == 5  # the audit says 4 and lists 5
    assert {
        i["name"] for i in tables["CachedActivation"]["indexes"] if i["origin"] == "create index"
    } >= {"IX_CachedActivation_LastAccessed", "IX_CachedActivation_HitCount"}


def test_rule_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "HT900"]) == 0
    assert "# parse-error (HT900)" in capsys.readouterr().out
    assert main(["rule", "parse-error"]) == 0
    assert main(["rule", "HT999"]) == 2


def test_cache_is_keyed_by_content_and_shared(tmp_path: Path) -> None:
    from hartonomous_lsp.catalog.cache import ParseCache, content_key
    from hartonomous_lsp.parse.script import parse_text

    cache = ParseCache(tmp_path)
    key = content_key(b"CREATE TABLE dbo.T (Id INT);")
    assert cache.get(key) is None
    cache.put(key, parse_text("CREATE TABLE dbo.T (Id INT);"))
    again = ParseCache(tmp_path).get(key)
    assert again is not None and again.tables[0].name.name == "T"
    # Two processes warming the same cache at once: both succeed and agree.
    env_cache = tmp_path / "shared"
    cmd = [
        sys.executable,
        "-m",
        "hartonomous_lsp.cli",
        "check",
        str(CORPUS / "wwi-dw-ssdt"),
        "--format",
        "json",
        "--exit-zero",
    ]
    import os

    env = {**os.environ, "HARTONOMOUS_CACHE_DIR": str(env_cache)}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env) for _ in range(2)]
    outs = [p.communicate()[0] for p in procs]
    assert all(p.returncode == 0 for p in procs) and outs[0] == outs[1]
    assert len(list(env_cache.rglob("*.pickle"))) >= 70
