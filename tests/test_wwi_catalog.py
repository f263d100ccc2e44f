"""The catalog of Microsoft's WideWorldImporters projects against hand-checked facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hartonomous_lsp.catalog.model import Table
from hartonomous_lsp.engine import Analysis, Selection, analyze

from .conftest import CORPUS, ROOT

EXPECTED = json.loads((ROOT / "tests" / "expected" / "wwi_tables.json").read_text("utf-8"))
PROJECTS = {"wwi": "WideWorldImporters", "wwi-dw": "WideWorldImportersDW"}


@pytest.fixture(scope="module")
def wwi() -> Analysis:
    return analyze([CORPUS], use_cache=False, selection=Selection(select=["HT900"]))


def _project(analysis: Analysis, name: str):
    return next(lp for lp in analysis.projects if lp.project.name == name)


def test_no_parse_error_on_valid_code(wwi: Analysis) -> None:
    assert [f for f in wwi.findings if f.code == "HT900"] == []
    assert sum(len(lp.files) for lp in wwi.projects) == len(list(CORPUS.rglob("*.[sS][qQ][lL]")))


def test_every_column_is_written_in_its_file(wwi: Analysis) -> None:
    """No invented columns: each column's name span holds that very name."""
    checked = 0
    for lp in wwi.projects:
        for table in lp.catalog.tables.values():
            for col in table.columns:
                text = lp.files[Path(col.path)].source.text
                written = text[slice(*col.column.name_span)].strip('[]"').replace("]]", "]")
                assert written == col.column.name, (table.display, col.column.name)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_counts_match_hand_counts(wwi: Analysis, project: str) -> None:
    lp = _project(wwi, PROJECTS[project])
    tables = [t for t in lp.catalog.real_tables() if lp.files[Path(t.path)].role == "build"]
    assert len(tables) == EXPECTED["_counts"][project]["create_table"]
    fks = sum(len(t.constraints_of("FOREIGN KEY")) for t in tables)
    assert fks == EXPECTED["_counts"][project]["foreign_keys"]


def _index_facts(table: Table) -> dict[str, dict]:
    facts = {}
    for placed in table.indexes:
        index = placed.index
        if index.constraint:
            continue
        entry = {
            "kind": index.kind,
            "unique": index.unique,
            "columns": [c.name + (" DESC" if c.descending else "") for c in index.columns],
            "include": list(index.include),
            "filtered": index.filter is not None,
            "file": Path(placed.path).relative_to(CORPUS).as_posix(),
        }
        if index.kind == "columnstore":
            entry["clustered"] = index.clustered
        facts[index.name] = entry
    return facts


@pytest.mark.parametrize("key", sorted(k for k in EXPECTED if not k.startswith("_")))
def test_table_matches_hand_checked_expectation(wwi: Analysis, key: str) -> None:
    project, name = key.split(":", 1)
    want = EXPECTED[key]
    lp = _project(wwi, PROJECTS[project])
    table = lp.catalog.table(name)
    assert table is not None, name
    source = lp.files[Path(table.path)].source
    assert Path(table.path).relative_to(CORPUS).as_posix() == want["file"]
    assert source.position(table.definition.span[0])[0] + 1 == want["line"]
    cols = {c.column.name: c.column for c in table.columns}
    assert list(cols) == want["columns"]
    assert {n: (str(c.data_type) if c.data_type else None) for n, c in cols.items()} == want[
        "types"
    ]
    nullable = {
        n: c.nullable is not False and not _in_pk(table, n)
        for n, c in cols.items()
        if not c.computed
    }
    assert nullable == want["nullable"]
    assert [n for n, c in cols.items() if c.computed] == want["computed"]
    assert [n for n, c in cols.items() if c.identity] == want["identity"]
    assert table.memory_optimized == want["memory_optimized"]
    assert table.options.get("DURABILITY") == want["durability"]
    temporal = (
        {"history_table": table.history_table.display(), "period": list(table.period)}
        if table.temporal
        else None
    )
    assert temporal == want["temporal"]
    assert _partition_scheme(table) == want["partition_scheme"]
    assert {n: c.masked for n, c in cols.items() if c.masked is not None} == want["masked"]
    assert [n for n, c in cols.items() if c.encrypted] == want["encrypted"]
    pk = table.primary_key
    want_pk = want["primary_key"]
    if want_pk is None:
        assert pk is None
    else:
        index = next(i.index for i in table.indexes if i.index.constraint == "PRIMARY KEY")
        assert (pk.constraint.name, list(pk.constraint.columns), index.kind) == (
            want_pk["name"],
            want_pk["columns"],
            want_pk["kind"],
        )
    assert {
        c.constraint.name: list(c.constraint.columns) for c in table.constraints_of("UNIQUE")
    } == want["unique"]
    fks = {
        c.constraint.name: {
            "columns": list(c.constraint.columns),
            "references": c.constraint.ref_table.display(),
            "ref_columns": list(c.constraint.ref_columns),
            "file": Path(c.path).relative_to(CORPUS).as_posix(),
        }
        for c in table.constraints_of("FOREIGN KEY")
    }
    assert fks == want["foreign_keys"]
    checks = {
        c.constraint.name: Path(c.path).relative_to(CORPUS).as_posix()
        for c in table.constraints_of("CHECK")
    }
    assert checks == want["checks"]
    defaults = {
        c.constraint.columns[0]: Path(c.path).relative_to(CORPUS).as_posix()
        for c in table.constraints_of("DEFAULT")
    }
    assert defaults == want["defaults"]
    want_indexes = {
        name: {k: v for k, v in facts.items() if k != "bucket_count"}
        for name, facts in want["indexes"].items()
    }
    assert _index_facts(table) == want_indexes


def _in_pk(table: Table, column: str) -> bool:
    pk = table.primary_key
    return pk is not None and column in pk.constraint.columns


def _partition_scheme(table: Table) -> str | None:
    if table.definition.partition_scheme:
        return table.definition.partition_scheme
    for placed in table.indexes:
        storage = placed.index.storage or placed.index.options.get("ON")
        if placed.index.clustered and storage and "(" in storage:
            return storage.split("(")[0]
    return None
