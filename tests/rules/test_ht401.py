"""HT401 vector-without-index: errors, the warning, and the post-deployment fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.vectors import ht401_vector_without_index as rule

from .harness import DSP, check, sqlproj, write
from .harness import fix_and_verify as _fix_and_verify

CODE = "HT401"


def run(capsys, root: Path, *extra: str) -> list[dict]:
    return check(capsys, root, "--select", CODE, *extra)


def fix_and_verify(capsys, root: Path) -> None:
    _fix_and_verify(capsys, root, CODE)


DOC = (
    "CREATE TABLE dbo.Doc (\n"
    "    DocId INT NOT NULL CONSTRAINT PK_Doc PRIMARY KEY CLUSTERED,\n"
    "    Embedding VECTOR(1536) NULL\n"
    ");\n"
)
SQL160 = DSP.replace("170", "160")


def test_finding_and_fix_into_new_postdeploy(tmp_path, capsys):
    write(tmp_path, {"Tables/Doc.sql": DOC})
    proj = sqlproj(tmp_path, [r"Tables\Doc.sql"])
    findings = run(capsys, tmp_path)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("HT401", 3, 5)]
    assert findings[0]["fix"]["applicability"] == "unsafe"
    run(capsys, tmp_path, "--fix")  # unsafe: not applied without --unsafe-fixes
    assert not (tmp_path / "Scripts").exists()
    fix_and_verify(capsys, tmp_path)
    script = (tmp_path / "Scripts" / "Script.PostDeployment.sql").read_text()
    assert (
        "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'VIX_Doc_Embedding' "
        "AND object_id = OBJECT_ID(N'dbo.Doc')) "
        "AND (SELECT COUNT(*) FROM dbo.Doc WHERE Embedding IS NOT NULL) >= 100\n"
        "BEGIN\n"
        "    CREATE VECTOR INDEX VIX_Doc_Embedding ON dbo.Doc (Embedding) "
        "WITH (METRIC = 'cosine', TYPE = 'DiskANN');\n"
        "END;\n"
    ) in script
    assert '<PostDeploy Include="Scripts\\Script.PostDeployment.sql" />' in proj.read_text()
    assert (tmp_path / "Tables" / "Doc.sql").read_text() == DOC


def test_fix_appends_to_existing_postdeploy(tmp_path, capsys):
    post = "PRINT 'seed';\nGO\n"
    write(tmp_path, {"Tables/Doc.sql": DOC, "Deploy/Post.sql": post})
    proj = sqlproj(tmp_path, [r"Tables\Doc.sql"], post=r"Deploy\Post.sql")
    before = proj.read_text()
    (tmp_path / "hartonomous.toml").write_text('[rules.HT401]\nmetric = "dot"\n')
    fix_and_verify(capsys, tmp_path)
    text = (tmp_path / "Deploy" / "Post.sql").read_text()
    assert text.startswith(post + "\nGO\nIF NOT EXISTS")
    assert "METRIC = 'dot'" in text
    assert proj.read_text() == before
    assert not (tmp_path / "Scripts").exists()


def test_two_columns_without_postdeploy(tmp_path, capsys):
    other = DOC.replace("Doc", "Page")
    write(tmp_path, {"Doc.sql": DOC, "Page.sql": other})
    proj = sqlproj(tmp_path, ["*.sql"])
    findings = run(capsys, tmp_path)
    assert sum(f["fix"] is not None for f in findings) == 1  # one creates the script
    fix_and_verify(capsys, tmp_path)
    assert proj.read_text().count("<PostDeploy") == 1
    script = (tmp_path / "Scripts" / "Script.PostDeployment.sql").read_text()
    assert "VIX_Doc_Embedding" in script and "VIX_Page_Embedding" in script


def test_plain_folder_after_table(tmp_path, capsys):
    write(tmp_path, {"Doc.sql": DOC, "hartonomous.toml": 'target = "sql2025"\n'})
    fix_and_verify(capsys, tmp_path)
    assert (tmp_path / "Doc.sql").read_text() == DOC + (
        "\nCREATE VECTOR INDEX VIX_Doc_Embedding ON dbo.Doc (Embedding) "
        "WITH (METRIC = 'cosine', TYPE = 'DiskANN');\n"
    )


def test_diskann_look_alike_still_flagged(tmp_path, capsys):
    look_alike = (
        "CREATE INDEX IX_Doc_Embedding ON dbo.Doc (Embedding) WITH (ALGORITHM = 'DiskANN');\n"
    )
    write(tmp_path, {"Doc.sql": DOC + "GO\n" + look_alike})
    sqlproj(tmp_path, ["*.sql"])
    assert [f["code"] for f in run(capsys, tmp_path)] == ["HT401"]


def test_vector_index_in_another_file_counts(tmp_path, capsys):
    index = "CREATE VECTOR INDEX VIX ON dbo.Doc (Embedding) WITH (METRIC = 'cosine');\n"
    write(tmp_path, {"Doc.sql": DOC, "Indexes/VIX.sql": index})
    sqlproj(tmp_path, ["**\\*.sql"])
    assert run(capsys, tmp_path) == []


def test_index_in_unregistered_script_does_not_count(tmp_path, capsys):
    index = "CREATE VECTOR INDEX VIX ON dbo.Doc (Embedding) WITH (METRIC = 'cosine');\n"
    write(tmp_path, {"Doc.sql": DOC, "Scratch/VIX.sql": index})
    sqlproj(tmp_path, ["Doc.sql"])
    assert len(run(capsys, tmp_path)) == 1


def test_no_fix_on_sql2022(tmp_path, capsys):
    write(tmp_path, {"Doc.sql": DOC})
    sqlproj(tmp_path, ["*.sql"], dsp=SQL160)
    findings = run(capsys, tmp_path)
    assert len(findings) == 1 and findings[0]["fix"] is None
    assert "SQL Server 2025 or Azure SQL" in findings[0]["message"]


@pytest.mark.parametrize(
    ("table", "missing"),
    [
        ("DocId INT NOT NULL, Embedding VECTOR(3) NULL", "has no primary key"),
        (
            "DocId INT NOT NULL PRIMARY KEY NONCLUSTERED, Embedding VECTOR(3) NULL",
            "is not clustered",
        ),
        (
            "DocId UNIQUEIDENTIFIER NOT NULL PRIMARY KEY, Embedding VECTOR(3) NULL",
            "UNIQUEIDENTIFIER, not an integer type",
        ),
        (
            "A INT NOT NULL, B INT NOT NULL, Embedding VECTOR(3) NULL, PRIMARY KEY (A, B)",
            "has 2 columns",
        ),
    ],
)
def test_no_fix_without_integer_clustered_pk(tmp_path, capsys, table, missing):
    write(tmp_path, {"Doc.sql": f"CREATE TABLE dbo.Doc ({table});\n"})
    sqlproj(tmp_path, ["*.sql"])
    findings = run(capsys, tmp_path)
    assert len(findings) == 1 and findings[0]["fix"] is None
    assert missing in findings[0]["message"]


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (
            "Id INT NOT NULL PRIMARY KEY NONCLUSTERED, E VECTOR(3) NULL) "
            "WITH (MEMORY_OPTIMIZED = ON",
            "memory-optimized",
        ),
        ("Id INT NOT NULL PRIMARY KEY, E VECTOR(1999) NULL", "(1998)"),
        ("Id INT NOT NULL PRIMARY KEY, E VECTOR(3997, float16) NULL", "(3996)"),
        (
            "Id INT NOT NULL PRIMARY KEY, E VECTOR(3, float16), INDEX CCI CLUSTERED COLUMNSTORE",
            "SQL71666",
        ),
    ],
)
def test_errors(tmp_path, capsys, table, words):
    write(tmp_path, {"T.sql": f"CREATE TABLE dbo.T ({table});\n"})
    sqlproj(tmp_path, ["*.sql"])
    findings = run(capsys, tmp_path)
    assert [(f["severity"], f["fix"]) for f in findings] == [("error", None)]
    assert words in findings[0]["message"]


def test_float16_within_limit_is_not_an_error(tmp_path, capsys):
    write(tmp_path, {"T.sql": DOC.replace("VECTOR(1536)", "VECTOR(3996, float16)")})
    sqlproj(tmp_path, ["*.sql"])
    assert [f["severity"] for f in run(capsys, tmp_path)] == ["warning"]


@pytest.mark.parametrize(
    ("example", "expected"), [(rule.BAD, 1), (rule.GOOD, 0)], ids=["bad", "good"]
)
def test_bad_triggers_good_clean(tmp_path, capsys, example, expected):
    write(tmp_path, {"Example.sql": example})
    sqlproj(tmp_path, ["*.sql"])
    assert len(run(capsys, tmp_path)) == expected
