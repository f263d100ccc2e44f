"""``hartonomous catalog``: the project model as JSON or text, with file and line."""

from __future__ import annotations

import json
from typing import Any

from ..catalog.load import LoadedProject
from ..catalog.model import Table
from ..parse.expressions import check_values
from ..parse.nodes import Constraint, Span
from .locate import display_path


def _where(lp: LoadedProject, path: str, span: Span) -> dict[str, Any]:
    from pathlib import Path

    source = lp.files[Path(path)].source
    line, _ = source.position(span[0])
    return {"path": display_path(Path(path)), "line": line + 1}


def _allowed(constraint: Constraint) -> dict[str, list[str]] | None:
    """A CHECK's allowed string values per column, as sqlglot reads them; None otherwise."""
    if constraint.kind != "CHECK" or not constraint.expression:
        return None
    values = check_values(constraint.expression)
    return None if values is None else {c: list(v) for c, v in values.items()}


def table_dict(lp: LoadedProject, table: Table) -> dict[str, Any]:
    return {
        "schema": table.schema,
        "name": table.name.name,
        "kind": "table type" if table.is_type else "table",
        **_where(lp, table.path, table.definition.span),
        "memory_optimized": table.memory_optimized,
        "durability": table.durability,
        "temporal": (
            {
                "history_table": table.history_table.display() if table.history_table else None,
                "period": list(table.period) if table.period else None,
            }
            if table.temporal
            else None
        ),
        "ledger": table.ledger,
        "graph": table.graph,
        "partition_scheme": table.definition.partition_scheme,
        "options": table.options,
        "columns": [
            {
                "name": c.column.name,
                "type": str(c.column.data_type) if c.column.data_type else None,
                "nullable": c.column.nullable,
                "identity": c.column.identity,
                "computed": c.column.computed,
                "persisted": c.column.persisted,
                "collation": c.column.collation,
                "masked": c.column.masked,
                "encrypted": c.column.encrypted,
                "generated": c.column.generated,
                "sparse": c.column.sparse,
                "rowguidcol": c.column.rowguidcol,
                **_where(lp, c.path, c.column.span),
            }
            for c in table.columns
        ],
        "constraints": [
            {
                "kind": c.constraint.kind,
                "name": c.constraint.name,
                "columns": list(c.constraint.columns),
                "references": (
                    {
                        "table": c.constraint.ref_table.display(),
                        "columns": list(c.constraint.ref_columns),
                    }
                    if c.constraint.ref_table
                    else None
                ),
                "expression": c.constraint.expression,
                "allowed_values": _allowed(c.constraint),
                "nocheck": c.constraint.nocheck,
                **_where(lp, c.path, c.constraint.span),
            }
            for c in table.constraints
        ],
        "indexes": [
            {
                "name": i.index.name,
                "kind": i.index.kind,
                "clustered": i.index.clustered,
                "unique": i.index.unique,
                "columns": [c.name + (" DESC" if c.descending else "") for c in i.index.columns],
                "include": list(i.index.include),
                "filter": i.index.filter,
                "constraint": i.index.constraint,
                "origin": i.index.origin,
                "options": i.index.options,
                **_where(lp, i.path, i.index.span),
            }
            for i in table.indexes
        ],
        "used_by": sorted(
            {m.module.name.display() for m in lp.catalog.users_of(table.key) if m.module.name}
        ),
    }


def catalog_dict(lp: LoadedProject) -> dict[str, Any]:
    modules = [m for m in lp.catalog.modules if m.module.kind != "SCRIPT"]
    return {
        "project": lp.project.name,
        "root": display_path(lp.project.root),
        "sqlproj": display_path(lp.project.sqlproj.path) if lp.project.sqlproj else None,
        "target": lp.project.target,
        "files": len(lp.files),
        "tables": [table_dict(lp, t) for t in lp.catalog.tables.values()],
        "modules": [
            {
                "kind": m.module.kind,
                "name": m.module.name.display() if m.module.name else None,
                **_where(lp, m.path, m.module.span),
                "tables": sorted(
                    {r.name.display() for r in m.module.usage.tables if not r.name.is_temporary}
                ),
            }
            for m in modules
        ],
        "skipped": [
            {"path": display_path(p), "what": s.message}
            for p, f in lp.files.items()
            for s in f.parsed.skipped
        ],
    }


def counts(lp: LoadedProject) -> dict[str, int]:
    tables = [t for t in lp.catalog.tables.values() if not t.is_type]
    return {
        "tables": len(tables),
        "table_types": sum(1 for t in lp.catalog.tables.values() if t.is_type),
        "columns": sum(len(t.columns) for t in tables),
        "indexes": sum(len(t.indexes) for t in tables),
        "foreign_keys": sum(len(t.constraints_of("FOREIGN KEY")) for t in tables),
        "checks": sum(len(t.constraints_of("CHECK")) for t in tables),
        "memory_optimized": sum(1 for t in tables if t.memory_optimized),
        "modules": sum(1 for m in lp.catalog.modules if m.module.kind != "SCRIPT"),
    }


def render_catalog_json(projects: list[LoadedProject]) -> str:
    return json.dumps(
        {"projects": [catalog_dict(lp) for lp in projects]}, indent=2, ensure_ascii=False
    )


def render_catalog_text(projects: list[LoadedProject]) -> str:
    out = []
    for lp in projects:
        c = counts(lp)
        out.append(
            f"{lp.project.name} ({lp.project.target}, {len(lp.files)} files): "
            f"{c['tables']} tables, {c['columns']} columns, {c['indexes']} indexes, "
            f"{c['foreign_keys']} foreign keys, {c['checks']} checks, {c['modules']} modules"
        )
        for table in lp.catalog.tables.values():
            d = table_dict(lp, table)
            flags = [
                f
                for f, on in (
                    ("memory-optimized " + (table.durability or ""), table.memory_optimized),
                    ("temporal", table.temporal),
                    ("ledger", table.ledger),
                    (f"graph {table.graph}", table.graph),
                    ("type", table.is_type),
                )
                if on
            ]
            out.append(
                f"  {table.display}  {d['path']}:{d['line']}"
                + (f"  [{', '.join(flags)}]" if flags else "")
            )
            for col in d["columns"]:
                null = (
                    "" if col["nullable"] is None else (" NULL" if col["nullable"] else " NOT NULL")
                )
                out.append(
                    f"    {col['name']} {col['type'] or 'AS ' + (col['computed'] or '')}{null}"
                )
            for idx in d["indexes"]:
                extra = f" INCLUDE ({', '.join(idx['include'])})" if idx["include"] else ""
                extra += f" WHERE {idx['filter']}" if idx["filter"] else ""
                out.append(
                    f"    index {idx['name']} {idx['kind']} ({', '.join(idx['columns'])}){extra}  {idx['path']}:{idx['line']}"
                )
            for con in d["constraints"]:
                if con["kind"] == "FOREIGN KEY":
                    ref = con["references"]
                    out.append(
                        f"    fk {con['name']} ({', '.join(con['columns'])}) -> {ref['table']} ({', '.join(ref['columns'])})"
                    )
                elif con["kind"] == "CHECK":
                    out.append(f"    check {con['name']} {con['expression']}")
    return "\n".join(out)
