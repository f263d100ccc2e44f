"""HT502 foreign-key-without-index: findings, fix placement, and a clean second run."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.indexing import ht502_foreign_key_without_index as rule

from .harness import check, sqlproj, write
from .harness import fix_and_verify as _fix_and_verify

CODE = "HT502"


def run(capsys, root: Path, *extra: str) -> list[dict]:
    return check(capsys, root, "--select", CODE, *extra)


def fix_and_verify(capsys, root: Path) -> None:
    _fix_and_verify(capsys, root, CODE)


PARENT = "CREATE TABLE dbo.Parent (ParentId INT NOT NULL PRIMARY KEY);\n"
CHILD = (
    "CREATE TABLE dbo.Child (\n"
    "    ChildId INT NOT NULL PRIMARY KEY,\n"
    "    Name NVARCHAR(50) NULL,\n"
    "    ParentId INT NOT NULL CONSTRAINT FK_Child_Parent REFERENCES dbo.Parent (ParentId)\n"
    ");\n"
)


def test_finding_position_and_message(tmp_path, capsys):
    write(tmp_path, {"Parent.sql": PARENT, "Child.sql": CHILD})
    sqlproj(tmp_path, ["*.sql"])
    findings = run(capsys, tmp_path)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("HT502", 4, 27)]
    assert "does not index foreign keys" in findings[0]["message"]
    assert findings[0]["fix"]["applicability"] == "safe"


def test_fix_after_table_same_file(tmp_path, capsys):
    write(tmp_path, {"Parent.sql": PARENT, "Child.sql": CHILD})
    sqlproj(tmp_path, ["*.sql"])
    fix_and_verify(capsys, tmp_path)
    text = (tmp_path / "Child.sql").read_text()
    assert text.endswith(
        ");\n\nCREATE NONCLUSTERED INDEX IX_Child_ParentId ON dbo.Child (ParentId);\n"
    )
    assert "GO" not in text


def test_fix_uses_go_when_file_does(tmp_path, capsys):
    child = CHILD + "GO\nCREATE INDEX IX_Child_Name ON dbo.Child (Name);\n"
    write(tmp_path, {"Parent.sql": PARENT, "Child.sql": child})
    sqlproj(tmp_path, ["*.sql"])
    fix_and_verify(capsys, tmp_path)
    text = (tmp_path / "Child.sql").read_text()
    assert (
        ");\nGO\n\nCREATE NONCLUSTERED INDEX IX_Child_ParentId ON dbo.Child (ParentId);\n" in text
    )


def test_fix_new_file_registered_in_classic_project(tmp_path, capsys):
    write(
        tmp_path,
        {
            "Tables/dbo.Parent.sql": PARENT,
            "Tables/dbo.Child.sql": CHILD,
            "Indexes/dbo.Child.IX_Child_Name.sql": "CREATE INDEX IX_Child_Name ON dbo.Child (Name);\n",
        },
    )
    proj = sqlproj(
        tmp_path,
        [r"Tables\dbo.Parent.sql", r"Tables\dbo.Child.sql", r"Indexes\dbo.Child.IX_Child_Name.sql"],
    )
    fix_and_verify(capsys, tmp_path)
    new = tmp_path / "Indexes" / "dbo.Child.IX_Child_ParentId.sql"
    assert (
        new.read_text() == "CREATE NONCLUSTERED INDEX IX_Child_ParentId ON dbo.Child (ParentId);\n"
    )
    assert '    <Build Include="Indexes\\dbo.Child.IX_Child_ParentId.sql" />\n  </ItemGroup>' in (
        proj.read_text()
    )
    assert (tmp_path / "Tables" / "dbo.Child.sql").read_text() == CHILD


def test_fix_new_file_under_wildcard_not_registered(tmp_path, capsys):
    write(
        tmp_path,
        {
            "Tables/dbo.Parent.sql": PARENT,
            "Tables/dbo.Child.sql": CHILD,
            "Indexes/dbo.Child.IX_Child_Name.sql": "CREATE INDEX IX_Child_Name ON dbo.Child (Name);\n",
        },
    )
    proj = sqlproj(tmp_path, [r"Tables\*.sql", r"Indexes\*.sql"])
    before = proj.read_text()
    fix_and_verify(capsys, tmp_path)
    assert (tmp_path / "Indexes" / "dbo.Child.IX_Child_ParentId.sql").exists()
    assert proj.read_text() == before


def test_index_in_another_file_is_seen(tmp_path, capsys):
    write(
        tmp_path,
        {
            "Tables/dbo.Parent.sql": PARENT,
            "Tables/dbo.Child.sql": CHILD,
            "Indexes/dbo.Child.IX.sql": "CREATE INDEX IX_Child_Parent ON dbo.Child (ParentId, Name);\n",
        },
    )
    sqlproj(tmp_path, [r"Tables\*.sql", r"Indexes\*.sql"])
    assert run(capsys, tmp_path) == []


def test_index_not_leading_or_filtered_does_not_count(tmp_path, capsys):
    child = (
        CHILD
        + "CREATE INDEX IX_A ON dbo.Child (Name, ParentId);\n"
        + "CREATE INDEX IX_B ON dbo.Child (ParentId) WHERE Name = N'x';\n"
        + "CREATE INDEX IX_C ON dbo.Child (ParentId) WHERE ParentId IS NOT NULL;\n"
    )
    write(tmp_path, {"Parent.sql": PARENT, "Child.sql": child})
    sqlproj(tmp_path, ["*.sql"])
    assert run(capsys, tmp_path) == []  # IX_C serves
    write(tmp_path, {"Child.sql": child.replace("IS NOT NULL", "> 0")})
    assert len(run(capsys, tmp_path)) == 1


def test_composite_key_any_order_and_pk(tmp_path, capsys):
    text = (
        "CREATE TABLE dbo.P2 (A INT NOT NULL, B INT NOT NULL, PRIMARY KEY (A, B));\n"
        "CREATE TABLE dbo.C2 (B INT NOT NULL, A INT NOT NULL, X INT NOT NULL,\n"
        "    CONSTRAINT PK_C2 PRIMARY KEY (B, A, X),\n"
        "    CONSTRAINT FK_C2 FOREIGN KEY (A, B) REFERENCES dbo.P2 (A, B));\n"
    )
    write(tmp_path, {"T.sql": text})
    sqlproj(tmp_path, ["*.sql"])
    assert run(capsys, tmp_path) == []


def test_memory_optimized_inline_index(tmp_path, capsys):
    text = (
        "CREATE TABLE dbo.MP (Id INT NOT NULL PRIMARY KEY NONCLUSTERED)\n"
        "    WITH (MEMORY_OPTIMIZED = ON);\n"
        "GO\n"
        "CREATE TABLE dbo.MC (\n"
        "    Id INT NOT NULL PRIMARY KEY NONCLUSTERED,\n"
        "    ParentId INT NOT NULL CONSTRAINT FK_MC_MP REFERENCES dbo.MP (Id) -- the parent\n"
        ")\n"
        "    WITH (MEMORY_OPTIMIZED = ON);\n"
    )
    write(tmp_path, {"T.sql": text})
    sqlproj(tmp_path, ["*.sql"])
    fix_and_verify(capsys, tmp_path)
    fixed = (tmp_path / "T.sql").read_text()
    assert (
        "REFERENCES dbo.MP (Id),\n    INDEX IX_MC_ParentId NONCLUSTERED (ParentId) -- the parent\n)"
        in fixed
    )
    assert "CREATE NONCLUSTERED INDEX" not in fixed


@pytest.mark.parametrize(
    ("example", "expected"), [(rule.BAD, 1), (rule.GOOD, 0)], ids=["bad", "good"]
)
def test_bad_triggers_good_clean(tmp_path, capsys, example, expected):
    parent = "CREATE TABLE dbo.[Order] (OrderId INT NOT NULL PRIMARY KEY);\n"
    write(tmp_path, {"Order.sql": parent, "Example.sql": example})
    sqlproj(tmp_path, ["*.sql"])
    assert len(run(capsys, tmp_path)) == expected
