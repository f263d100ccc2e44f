"""HT301 json-in-nvarchar: through the real CLI, on small SSDT-like projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.types import ht301_json_in_nvarchar as rule

from .harness import check, position, sqlproj, write_file

CODE = "HT301"


def _check(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    return check(capsys, ".", "--select", CODE, *extra)


EVENTS = """\
CREATE TABLE Sales.OrderEvents (
    OrderEventId BIGINT NOT NULL PRIMARY KEY,
    PayloadJson NVARCHAR(MAX) NOT NULL
);
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    sqlproj(root, name="Demo")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def project2022(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj2022"
    root.mkdir()
    (root / "hartonomous.toml").write_text('target = "sql2022"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_by_name(project: Path, capsys) -> None:
    write_file(project, "Sales/Tables/OrderEvents.sql", EVENTS)
    findings = _check(capsys)
    assert len(findings) == 1
    f = findings[0]
    assert (f["code"], f["severity"]) == ("HT301", "warning")
    assert (f["line"], f["column"]) == position(EVENTS, "NVARCHAR(MAX)")
    assert "its name" in f["message"]
    assert f["fix"]["applicability"] == "unsafe"
    assert [e["content"] for e in f["fix"]["edits"]] == ["JSON"]


def test_by_isjson_check(project: Path, capsys) -> None:
    text = (
        "CREATE TABLE [dbo].[Documents] (\n"
        "    [DocumentId] INT NOT NULL PRIMARY KEY,\n"
        "    [Body] NVARCHAR (MAX) NULL,\n"
        "    CONSTRAINT [CK_Documents_Body] CHECK ([Body] IS NULL OR isjson([Body])<>(0))\n"
        ");\n"
    )
    write_file(project, "dbo/Tables/Documents.sql", text)
    findings = _check(capsys)
    assert [(f["line"], f["column"]) for f in findings] == [position(text, "NVARCHAR (MAX)")]
    assert "ISJSON check CK_Documents_Body" in findings[0]["message"]
    # The fix keeps the CHECK, which is still valid on a json column.
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    fixed = (project / "dbo/Tables/Documents.sql").read_text(encoding="utf-8")
    assert "[Body] JSON NULL" in fixed and "isjson([Body])" in fixed


def test_by_json_function_in_a_procedure(project: Path, capsys) -> None:
    table = (
        "CREATE TABLE dbo.Documents (\n"
        "    DocumentId INT NOT NULL PRIMARY KEY,\n"
        "    Body NVARCHAR(MAX) NULL\n"
        ");\n"
    )
    other = (
        "CREATE TABLE dbo.Notes (\n"
        "    NoteId INT NOT NULL PRIMARY KEY,\n"
        "    Body NVARCHAR(MAX) NULL,\n"
        "    DocumentId INT NOT NULL\n"
        ");\n"
    )
    proc = (
        "CREATE PROCEDURE dbo.GetTitles\nAS\nBEGIN\n"
        "    SELECT JSON_VALUE(d.Body, '$.title') AS Title, n.Body\n"
        "    FROM dbo.Documents AS d\n"
        "    JOIN dbo.Notes AS n ON n.DocumentId = d.DocumentId;\n"
        "END\n"
    )
    write_file(project, "dbo/Tables/Documents.sql", table)
    write_file(project, "dbo/Tables/Notes.sql", other)
    write_file(project, "dbo/Stored Procedures/GetTitles.sql", proc)
    findings = _check(capsys)
    assert [f["path"] for f in findings] == ["dbo/Tables/Documents.sql"]
    assert "JSON_VALUE in dbo.GetTitles (procedure)" in findings[0]["message"]


def test_good_is_clean(project: Path, capsys) -> None:
    write_file(
        project,
        "dbo/Tables/Clean.sql",
        "CREATE TABLE dbo.Clean (\n"
        "    Id INT NOT NULL PRIMARY KEY,\n"
        "    PayloadJson JSON NOT NULL,\n"
        "    Notes NVARCHAR(MAX) NULL,\n"
        "    SmallJson NVARCHAR(4000) NULL\n"
        ");\n",
    )
    assert _check(capsys) == []


def test_no_fix_without_native_json(project2022: Path, capsys) -> None:
    write_file(project2022, "Sales/Tables/OrderEvents.sql", EVENTS)
    findings = _check(capsys)
    assert len(findings) == 1
    assert findings[0]["fix"] is None
    assert (
        "native JSON needs SQL Server 2025 or Azure SQL (target is sql2022)"
        in findings[0]["message"]
    )
    before = (project2022 / "Sales/Tables/OrderEvents.sql").read_bytes()
    assert len(_check(capsys, "--fix", "--unsafe-fixes")) == 1
    assert (project2022 / "Sales/Tables/OrderEvents.sql").read_bytes() == before


def test_memory_optimized_is_info_without_fix(project: Path, capsys) -> None:
    write_file(
        project,
        "Sales/Tables/OrderEvents.sql",
        "CREATE TABLE Sales.OrderEvents (\n"
        "    OrderEventId BIGINT NOT NULL PRIMARY KEY NONCLUSTERED,\n"
        "    PayloadJson NVARCHAR(MAX) NOT NULL\n"
        ")\nWITH (MEMORY_OPTIMIZED = ON);\n",
    )
    findings = _check(capsys)
    assert len(findings) == 1
    assert findings[0]["severity"] == "info"
    assert findings[0]["fix"] is None
    assert "memory-optimized tables cannot have json columns" in findings[0]["message"]


def test_fix_is_idempotent(project: Path, capsys) -> None:
    path = write_file(project, "Sales/Tables/OrderEvents.sql", EVENTS)
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    fixed = path.read_bytes()
    assert b"PayloadJson JSON NOT NULL" in fixed
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    assert path.read_bytes() == fixed


def test_fix_removes_collation_and_keeps_case(project: Path, capsys) -> None:
    path = write_file(
        project,
        "sales/order_events.sql",
        "create table sales.order_events (\n"
        "    id bigint not null primary key,\n"
        "    payload_json nvarchar(max) collate Latin1_General_100_CI_AS not null\n"
        ");\n",
    )
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    assert "payload_json json not null" in path.read_text(encoding="utf-8")


def test_fix_changes_the_history_table_too(project: Path, capsys) -> None:
    main_table = (
        "CREATE TABLE dbo.Profiles (\n"
        "    ProfileId INT NOT NULL PRIMARY KEY CLUSTERED,\n"
        "    SettingsJson NVARCHAR(MAX) NULL,\n"
        "    ValidFrom DATETIME2 GENERATED ALWAYS AS ROW START NOT NULL,\n"
        "    ValidTo DATETIME2 GENERATED ALWAYS AS ROW END NOT NULL,\n"
        "    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)\n"
        ")\nWITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Profiles_Archive));\n"
    )
    history = (
        "CREATE TABLE dbo.Profiles_Archive (\n"
        "    ProfileId INT NOT NULL,\n"
        "    SettingsJson NVARCHAR(MAX) NULL,\n"
        "    ValidFrom DATETIME2 NOT NULL,\n"
        "    ValidTo DATETIME2 NOT NULL\n"
        ");\n"
    )
    main_path = write_file(project, "dbo/Tables/Profiles.sql", main_table)
    history_path = write_file(project, "dbo/Tables/Profiles_Archive.sql", history)
    findings = _check(capsys)
    assert [f["path"] for f in findings] == ["dbo/Tables/Profiles.sql"]
    assert sorted(e["path"] for e in findings[0]["fix"]["edits"]) == [
        "dbo/Tables/Profiles.sql",
        "dbo/Tables/Profiles_Archive.sql",
    ]
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    assert "SettingsJson JSON NULL" in main_path.read_text(encoding="utf-8")
    assert "SettingsJson JSON NULL" in history_path.read_text(encoding="utf-8")


def test_no_fix_when_an_index_is_on_a_computed_column_reading_it(project: Path, capsys) -> None:
    write_file(
        project,
        "Sales/Tables/Invoices.sql",
        "CREATE TABLE Sales.Invoices (\n"
        "    InvoiceId INT NOT NULL PRIMARY KEY,\n"
        "    DeliveryData NVARCHAR(MAX) NULL,\n"
        "    DeliveredWhen AS (TRY_CONVERT(datetime2(7), JSON_VALUE([DeliveryData], N'$.When'), 126))\n"
        ");\nGO\n"
        "CREATE NONCLUSTERED INDEX IX_Invoices_DeliveredWhen ON Sales.Invoices (DeliveredWhen);\n",
    )
    findings = _check(capsys)
    assert len(findings) == 1
    assert findings[0]["fix"] is None
    assert "IX_Invoices_DeliveredWhen" in findings[0]["message"]


def test_fix_keeps_utf16_bom_and_crlf(project: Path, capsys) -> None:
    crlf = EVENTS.replace("\n", "\r\n")
    path = project / "Sales" / "Tables" / "OrderEvents.sql"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe" + crlf.encode("utf-16-le"))
    assert [f["line"] for f in _check(capsys)] == [3]
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    decoded = data[2:].decode("utf-16-le")
    assert decoded.count("\r\n") == crlf.count("\r\n")
    assert decoded.count("\n") == decoded.count("\r\n")
    assert decoded == crlf.replace("NVARCHAR(MAX)", "JSON")


@pytest.mark.parametrize(("example", "expected"), [(rule.BAD, 1), (rule.GOOD, 0)])
def test_rule_examples(project: Path, capsys, example: str, expected: int) -> None:
    write_file(project, "Example.sql", example.strip("\n") + "\n")
    findings = _check(capsys)
    assert len(findings) == expected
    assert all(f["code"] == "HT301" for f in findings)
