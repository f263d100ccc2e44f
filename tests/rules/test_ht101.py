"""HT101 schema-only-durability: through the real CLI, on small SSDT-like projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.durability import ht101_schema_only_durability as rule

from .harness import check, position, sqlproj, write_file

CODE = "HT101"


def _check(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    return check(capsys, ".", "--select", CODE, *extra)


PAYMENT_METHOD_STAGING = """\
CREATE TABLE [Integration].[PaymentMethod_Staging] (
    [Payment Method Staging Key] INT           IDENTITY (1, 1) NOT NULL,
    [WWI Payment Method ID]      INT           NOT NULL,
    [Payment Method]             NVARCHAR (50) NOT NULL,
    CONSTRAINT [PK_Integration_Payment_Method_Staging] PRIMARY KEY NONCLUSTERED ([Payment Method Staging Key] ASC)
)
WITH (DURABILITY = SCHEMA_ONLY, MEMORY_OPTIMIZED = ON);
"""


def _table(name: str, options: str) -> str:
    return (
        f"CREATE TABLE {name} (\n"
        "    Id BIGINT NOT NULL PRIMARY KEY NONCLUSTERED,\n"
        "    Amount DECIMAL(19, 4) NOT NULL\n"
        f")\nWITH ({options});\n"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    sqlproj(root, name="Demo")
    monkeypatch.chdir(root)
    return root


def test_bad_table_reported_at_the_option(project: Path, capsys) -> None:
    text = _table("Billing.PaymentLedger", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY")
    write_file(project, "Billing/Tables/PaymentLedger.sql", text)
    findings = _check(capsys)
    assert len(findings) == 1
    f = findings[0]
    line, column = position(text, "DURABILITY = SCHEMA_ONLY")
    assert (f["code"], f["name"], f["severity"]) == ("HT101", "schema-only-durability", "error")
    assert (f["line"], f["column"]) == (line, column)
    assert f["end_column"] == column + len("DURABILITY = SCHEMA_ONLY")
    assert "restart" in f["message"] and "SCHEMA_AND_DATA" in f["message"]
    assert f["fix"]["applicability"] == "unsafe"
    assert f["fix"]["edits"][0]["content"] == "SCHEMA_AND_DATA"


def test_good_table_is_clean(project: Path, capsys) -> None:
    write_file(
        project,
        "Billing/Tables/PaymentLedger.sql",
        _table("Billing.PaymentLedger", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_AND_DATA"),
    )
    write_file(project, "Sales/Tables/Orders.sql", _table("Sales.Orders", "MEMORY_OPTIMIZED = ON"))
    assert _check(capsys) == []


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("Integration/Tables/PaymentMethod_Staging.sql", PAYMENT_METHOD_STAGING),
        (
            "Integration/Tables/Transaction_Staging.sql",
            _table(
                "Integration.Transaction_Staging", "DURABILITY=SCHEMA_ONLY, MEMORY_OPTIMIZED=ON"
            ),
        ),
        (
            "Cache/Tables/OrderLookup.sql",
            _table("Cache.OrderLookup", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
        ),
        (
            "dbo/Tables/PaymentSessions.sql",
            _table("dbo.PaymentSessions", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
        ),
        (
            "Staging/Tables/Invoices.sql",
            _table("Staging.Invoices", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
        ),
        (
            "dbo/Tables/InvoiceTmp.sql",
            _table("dbo.InvoiceTmp", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
        ),
        (
            "dbo/Tables/SensorReadings.sql",  # no business word
            _table("dbo.SensorReadings", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
        ),
        (
            "dbo/Tables/Borders.sql",  # "order" inside a word is not the word
            _table("dbo.Borders", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
        ),
    ],
)
def test_transient_and_unrelated_tables_stay_quiet(
    project: Path, capsys, rel: str, text: str
) -> None:
    write_file(project, rel, text)
    assert _check(capsys) == []


def test_plural_and_underscore_names(project: Path, capsys) -> None:
    write_file(
        project,
        "Sales/Tables/customer_orders.sql",
        _table("Sales.customer_orders", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
    )
    write_file(
        project,
        "Audit/Tables/AuditTrail.sql",
        _table("Audit.AuditTrail", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
    )
    assert sorted(f["path"] for f in _check(capsys)) == [
        "Audit/Tables/AuditTrail.sql",
        "Sales/Tables/customer_orders.sql",
    ]


def test_options_from_config(project: Path, capsys) -> None:
    (project / "hartonomous.toml").write_text(
        '[rules.HT101]\nbusiness_words = ["sensor"]\ntransient_words = []\n', encoding="utf-8"
    )
    write_file(
        project,
        "dbo/Tables/SensorReadings.sql",
        _table("dbo.SensorReadings", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
    )
    write_file(
        project,
        "dbo/Tables/PaymentCache.sql",
        _table("dbo.PaymentCache", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
    )
    assert [f["path"] for f in _check(capsys)] == ["dbo/Tables/SensorReadings.sql"]


def test_fix_is_idempotent(project: Path, capsys) -> None:
    path = write_file(
        project,
        "Billing/Tables/PaymentLedger.sql",
        _table("Billing.PaymentLedger", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY"),
    )
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    fixed = path.read_bytes()
    assert b"DURABILITY = SCHEMA_AND_DATA" in fixed and b"SCHEMA_ONLY" not in fixed
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    assert path.read_bytes() == fixed


def test_fix_keeps_lower_case(project: Path, capsys) -> None:
    path = write_file(
        project,
        "billing/payment_ledger.sql",
        "create table billing.payment_ledger (\n    id bigint not null primary key nonclustered\n)"
        "\nwith (memory_optimized = on, durability = schema_only);\n",
    )
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    assert "durability = schema_and_data" in path.read_text(encoding="utf-8")


def test_fix_keeps_utf16_bom_and_crlf(project: Path, capsys) -> None:
    text = _table("Billing.Invoices", "MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY")
    text = "-- Invoices kept in memory\n" + text
    crlf = text.replace("\n", "\r\n")
    path = project / "Billing" / "Tables" / "Invoices.sql"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe" + crlf.encode("utf-16-le"))
    findings = _check(capsys)
    assert [(f["code"], f["line"]) for f in findings] == [("HT101", 6)]
    assert _check(capsys, "--fix", "--unsafe-fixes") == []
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    decoded = data[2:].decode("utf-16-le")
    assert decoded.count("\r\n") == crlf.count("\r\n")
    assert decoded.count("\n") == decoded.count("\r\n")
    assert decoded == crlf.replace("SCHEMA_ONLY", "SCHEMA_AND_DATA")


@pytest.mark.parametrize(("example", "expected"), [(rule.BAD, 1), (rule.GOOD, 0)])
def test_rule_examples(project: Path, capsys, example: str, expected: int) -> None:
    write_file(project, "Example.sql", example.strip("\n") + "\n")
    findings = _check(capsys)
    assert len(findings) == expected
    assert all(f["code"] == "HT101" for f in findings)
