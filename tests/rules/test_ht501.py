"""HT501 cache-without-eviction-index: which tables are caches, what serves eviction, the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.indexing import ht501_cache_without_eviction_index as rule

from .harness import check, sqlproj, write
from .harness import fix_and_verify as _fix_and_verify

CODE = "HT501"


def run(capsys, root: Path, *extra: str) -> list[dict]:
    return check(capsys, root, "--select", CODE, *extra)


def fix_and_verify(capsys, root: Path) -> None:
    _fix_and_verify(capsys, root, CODE)


CACHE = (
    "CREATE TABLE dbo.QueryCache (\n"
    "    CacheId BIGINT NOT NULL PRIMARY KEY,\n"
    "    HitCount INT NOT NULL,\n"
    "    LastAccessed DATETIME2 NOT NULL\n"
    ");\n"
)


def test_finding_on_table_name(tmp_path, capsys):
    write(tmp_path, {"Cache.sql": CACHE})
    sqlproj(tmp_path, ["*.sql"])
    findings = run(capsys, tmp_path)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("HT501", 1, 14)]
    assert "(LastAccessed, HitCount)" in findings[0]["message"]
    assert findings[0]["fix"]["applicability"] == "safe"


def test_fix_after_table(tmp_path, capsys):
    write(tmp_path, {"Cache.sql": CACHE})
    sqlproj(tmp_path, ["*.sql"])
    fix_and_verify(capsys, tmp_path)
    assert (tmp_path / "Cache.sql").read_text() == CACHE.rstrip("\n") + (
        "\n\nCREATE NONCLUSTERED INDEX IX_QueryCache_Eviction ON dbo.QueryCache "
        "(LastAccessed, HitCount);\n"
    )


def test_fix_in_separate_index_file(tmp_path, capsys):
    write(
        tmp_path,
        {
            "Tables/dbo.QueryCache.sql": CACHE,
            "Indexes/dbo.QueryCache.IX_QueryCache_LastAccessed.sql": (
                "CREATE INDEX IX_QueryCache_LastAccessed ON dbo.QueryCache (LastAccessed);\n"
            ),
        },
    )
    proj = sqlproj(
        tmp_path,
        [r"Tables\dbo.QueryCache.sql", r"Indexes\dbo.QueryCache.IX_QueryCache_LastAccessed.sql"],
    )
    fix_and_verify(capsys, tmp_path)
    new = tmp_path / "Indexes" / "dbo.QueryCache.IX_QueryCache_Eviction.sql"
    assert "(LastAccessed, HitCount);" in new.read_text()
    assert r'<Build Include="Indexes\dbo.QueryCache.IX_QueryCache_Eviction.sql" />' in (
        proj.read_text()
    )


def test_memory_optimized_inline(tmp_path, capsys):
    text = (
        "CREATE TABLE dbo.SessionCache (\n"
        "    Id INT NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1024),\n"
        "    HitCount INT NOT NULL,\n"
        "    LastAccessed DATETIME2 NOT NULL,\n"
        "    INDEX IX_SessionCache_LastAccessed NONCLUSTERED (LastAccessed)\n"
        ") WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);\n"
    )
    write(tmp_path, {"T.sql": text})
    sqlproj(tmp_path, ["*.sql"])
    assert len(run(capsys, tmp_path)) == 1  # LastAccessed alone does not carry HitCount
    fix_and_verify(capsys, tmp_path)
    assert (
        "(LastAccessed),\n    INDEX IX_SessionCache_Eviction NONCLUSTERED (LastAccessed, HitCount)\n)"
        in (tmp_path / "T.sql").read_text()
    )


@pytest.mark.parametrize(
    "index",
    [
        "CREATE INDEX IX ON dbo.QueryCache (LastAccessed, HitCount);",
        "CREATE INDEX IX ON dbo.QueryCache (LastAccessed) INCLUDE (HitCount);",
        "CREATE CLUSTERED INDEX IX ON dbo.QueryCache (LastAccessed);",
    ],
)
def test_serving_indexes(tmp_path, capsys, index):
    write(tmp_path, {"Cache.sql": CACHE.replace("PRIMARY KEY", "PRIMARY KEY NONCLUSTERED") + index})
    sqlproj(tmp_path, ["*.sql"])
    assert run(capsys, tmp_path) == []


@pytest.mark.parametrize(
    "index",
    [
        "CREATE INDEX IX ON dbo.QueryCache (LastAccessed);",
        "CREATE INDEX IX ON dbo.QueryCache (HitCount, LastAccessed);",
        "CREATE INDEX IX ON dbo.QueryCache (LastAccessed, HitCount) WHERE HitCount > 0;",
    ],
)
def test_not_serving_indexes(tmp_path, capsys, index):
    write(tmp_path, {"Cache.sql": CACHE + index})
    sqlproj(tmp_path, ["*.sql"])
    assert len(run(capsys, tmp_path)) == 1


def test_which_tables_are_caches(tmp_path, capsys):
    text = (
        # an expiry date alone is business data
        "CREATE TABLE dbo.Card (Id INT NOT NULL PRIMARY KEY, ExpiryDate DATE NOT NULL);\n"
        # an encrypted or textual expiry cannot be range-scanned
        "CREATE TABLE dbo.token_cache (Id INT NOT NULL PRIMARY KEY, ExpiresAt NVARCHAR(5));\n"
        # named cache, expiry column: a cache
        "CREATE TABLE dbo.token_cache2 (Id INT NOT NULL PRIMARY KEY, Expires_At DATETIME2);\n"
        # access tracking: a cache whatever its name
        "CREATE TABLE dbo.Blob (Id INT NOT NULL PRIMARY KEY, LastAccessTime DATETIME2);\n"
        # no eviction column at all
        "CREATE TABLE dbo.CacheConfig (Id INT NOT NULL PRIMARY KEY, Name SYSNAME);\n"
    )
    write(tmp_path, {"T.sql": text})
    sqlproj(tmp_path, ["*.sql"])
    assert [f["line"] for f in run(capsys, tmp_path)] == [3, 4]


def test_options(tmp_path, capsys):
    text = "CREATE TABLE dbo.Thing (Id INT NOT NULL PRIMARY KEY, TouchedAt DATETIME2, Uses INT);\n"
    write(tmp_path, {"T.sql": text})
    sqlproj(tmp_path, ["*.sql"])
    assert run(capsys, tmp_path) == []
    (tmp_path / "hartonomous.toml").write_text(
        '[rules.HT501]\neviction_columns = ["LastAccessTouched", "TouchedAt"]\n'
        'hit_columns = ["Uses"]\n'
    )
    findings = run(capsys, tmp_path)  # an eviction column and a hit counter: a cache
    assert len(findings) == 1
    assert "(TouchedAt, Uses)" in findings[0]["message"]


def test_is_cache_name():
    assert rule.is_cache_name("CachedActivations_InMemory")
    assert rule.is_cache_name("session_cache")
    assert rule.is_cache_name("HTTPCache")
    assert not rule.is_cache_name("Cachet")


@pytest.mark.parametrize(
    ("example", "expected"), [(rule.BAD, 1), (rule.GOOD, 0)], ids=["bad", "good"]
)
def test_bad_triggers_good_clean(tmp_path, capsys, example, expected):
    write(tmp_path, {"Example.sql": example})
    sqlproj(tmp_path, ["*.sql"])
    assert len(run(capsys, tmp_path)) == expected
