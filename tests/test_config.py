"""Configuration end to end through the CLI: where it is found, per-rule severity, rule
options, per-file ignores, selection precedence, target, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hartonomous_lsp.cli import main

LEDGER = """CREATE TABLE dbo.BillingLedger (
    LedgerId BIGINT NOT NULL,
    CONSTRAINT PK_BillingLedger PRIMARY KEY NONCLUSTERED (LedgerId)
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);
"""
SHIPMENT = """CREATE TABLE dbo.Shipment (
    ShipmentId INT NOT NULL PRIMARY KEY,
    Phase NVARCHAR(20) NOT NULL,
    Payload NVARCHAR(MAX) NULL
);
GO
CREATE PROCEDURE dbo.usp_Ship @Id INT AS
    UPDATE dbo.Shipment SET Phase = 'shipped' WHERE ShipmentId = @Id AND Phase = 'packed';
    SELECT JSON_VALUE(Payload, '$.carrier') FROM dbo.Shipment;
"""


def project(root: Path, config: str | None = None, name: str = "hartonomous.toml") -> Path:
    (root / "Tables").mkdir(parents=True, exist_ok=True)
    (root / "Tables" / "dbo.BillingLedger.sql").write_text(LEDGER, "utf-8")
    (root / "Tables" / "dbo.Shipment.sql").write_text(SHIPMENT, "utf-8")
    if config is not None:
        (root / name).write_text(config, "utf-8")
    return root


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--format", "json", "--unsafe-fixes"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else []


def by_code(findings: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in findings:
        out.setdefault(f["code"], []).append(f)
    return out


def test_defaults(tmp_path: Path, capsys) -> None:
    code, found = check(capsys, str(project(tmp_path, 'target = "sql2025"\n')))
    codes = by_code(found)
    assert code == 1
    assert codes["HT101"][0]["severity"] == "error"
    assert "HT201" not in codes  # "Phase" is not a status-like name by default
    assert codes["HT301"][0]["fix"] is not None  # the JSON type exists in sql2025


def test_severity_override_in_json_and_text(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, '[severity]\nHT101 = "info"\nschema-only-durability = "info"\n')
    _, found = check(capsys, str(root))
    assert by_code(found)["HT101"][0]["severity"] == "info"
    main(["check", str(root), "--format", "text", "--select", "HT101"])
    assert "HT101" in capsys.readouterr().out


def test_rule_options_change_what_a_rule_sees(tmp_path: Path, capsys) -> None:
    # HT201 learns that "phase" names a status column; HT101 that "ledger" is transient here.
    root = project(
        tmp_path,
        '[rules.HT201]\nname_patterns = ["status", "state", "phase"]\n'
        '[rules.schema-only-durability]\ntransient_words = ["ledger"]\n',
    )
    _, found = check(capsys, str(root))
    codes = by_code(found)
    assert "HT101" not in codes
    (ht201,) = codes["HT201"]
    assert "Phase" in ht201["message"]
    assert "'packed'" in ht201["fix"]["edits"][0]["content"]
    assert "'shipped'" in ht201["fix"]["edits"][0]["content"]


def test_per_file_ignores_with_globs(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, '[per-file-ignores]\n"Tables/*Ledger*.sql" = ["HT101"]\n')
    _, found = check(capsys, str(root))
    codes = by_code(found)
    assert "HT101" not in codes
    assert "HT301" in codes  # other files and rules untouched


def test_pyproject_table_and_precedence(tmp_path: Path, capsys, monkeypatch) -> None:
    root = project(tmp_path, "[tool.hartonomous]\nignore = ['HT101']\n", name="pyproject.toml")
    monkeypatch.chdir(root)
    _, found = check(capsys, ".")
    assert "HT101" not in by_code(found)
    # hartonomous.toml wins over pyproject.toml in the same folder.
    (root / "hartonomous.toml").write_text("ignore = ['HT301']\n", "utf-8")
    _, found = check(capsys, ".")
    assert "HT101" in by_code(found) and "HT301" not in by_code(found)
    # The command line's selection narrows further; --select overrides the file's selection.
    _, found = check(capsys, ".", "--select", "HT101")
    assert set(by_code(found)) == {"HT101"}
    _, found = check(capsys, ".", "--ignore", "HT101")
    assert not {"HT101", "HT301"} & set(by_code(found))


def test_select_and_extend_select_in_config(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, "select = ['HT3']\nextend-select = ['HT101']\n")
    _, found = check(capsys, str(root))
    assert set(by_code(found)) == {"HT101", "HT301"}


def test_target_decides_the_json_fix(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, 'target = "sql2022"\n')
    _, found = check(capsys, str(root))
    assert by_code(found)["HT301"][0]["fix"] is None
    _, found = check(capsys, str(root), "--target", "sql2025")
    assert by_code(found)["HT301"][0]["fix"] is not None


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ("selekt = ['HT1']\n", "'selekt'"),
        ('target = "sql2099"\n', "sql2099"),
        ('[severity]\nHT101 = "fatal"\n', "fatal"),
        ("select = [\n", "hartonomous.toml"),
    ],
)
def test_invalid_config_is_a_clear_usage_error(tmp_path: Path, capsys, config, named) -> None:
    root = project(tmp_path, config)
    assert main(["check", str(root)]) == 2
    err = capsys.readouterr().err
    assert "hartonomous.toml" in err
    assert named in err


def test_noqa_forms(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, 'target = "sql2025"\n')
    ledger = root / "Tables" / "dbo.BillingLedger.sql"
    ledger.write_text(LEDGER.replace("SCHEMA_ONLY);", "SCHEMA_ONLY); -- noqa: HT101"), "utf-8")
    _, found = check(capsys, str(root))
    assert "HT101" not in by_code(found)
    ledger.write_text(LEDGER.replace("SCHEMA_ONLY);", "SCHEMA_ONLY); -- noqa: HT301"), "utf-8")
    _, found = check(capsys, str(root))
    assert "HT101" in by_code(found)  # another code's noqa does not silence it
    ledger.write_text(LEDGER.replace("SCHEMA_ONLY);", "SCHEMA_ONLY); -- noqa"), "utf-8")
    _, found = check(capsys, str(root))
    assert "HT101" not in by_code(found)
    shipment = root / "Tables" / "dbo.Shipment.sql"
    shipment.write_text("-- hartonomous: noqa-file: HT301\n" + SHIPMENT, "utf-8")
    _, found = check(capsys, str(root))
    assert "HT301" not in by_code(found)
