"""The index a foreign key needs, shared by HT502 (which reports its absence) and HT202 (whose
fix adds a foreign key and must add its index too, or HT502 would fire right after).

Not a rule (the registry loads only ``ht<code>_<name>`` modules).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...catalog.model import Table, TableIndex
from ..base import Context, Edit
from .placement import index_edits, unique_index_name

# Index kinds that can seek on leading key columns.
SEEKABLE = frozenset({"clustered", "nonclustered", "hash"})
_NOT_NULL_TERM = re.compile(r"^\s*\[?([^\]\s]+)\]?\s+IS\s+NOT\s+NULL\s*$", re.I)


def serves(ti: TableIndex, columns: Sequence[str]) -> bool:
    """Whether an index can seek on the foreign key's columns."""
    index = ti.index
    if index.kind not in SEEKABLE:
        return False
    wanted = {c.lower() for c in columns}
    keys = [c.name.lower() for c in index.columns]
    if index.kind == "hash":
        # A hash index cannot seek on a prefix of its key.
        if set(keys) != wanted or len(keys) != len(wanted):
            return False
    elif len(keys) < len(wanted) or set(keys[: len(wanted)]) != wanted:
        return False
    return index.filter is None or _not_null_filter(index.filter, wanted)


def supported(table: Table, columns: Sequence[str]) -> bool:
    """Whether some index of the table serves a foreign key on ``columns``."""
    return any(serves(ti, columns) for ti in table.indexes)


def _not_null_filter(text: str, columns: set[str]) -> bool:
    """A filter made only of ``col IS NOT NULL`` terms on the key's columns (the only rows a
    foreign key check looks for)."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    for term in re.split(r"\bAND\b", text, flags=re.I):
        term = term.strip().strip("()")
        m = _NOT_NULL_TERM.match(term)
        if m is None or m.group(1).lower() not in columns:
            return False
    return True


def index_name(table: Table, columns: Sequence[str]) -> str:
    """``IX_<Table>_<Columns>``, usable unquoted and in a file name, unique on the table."""
    wanted = "IX_" + "_".join([table.name.name, *columns])
    return unique_index_name(table, re.sub(r"[^A-Za-z0-9_]", "_", wanted))


def foreign_key_index(ctx: Context, table: Table, columns: Sequence[str]) -> tuple[str, list[Edit]]:
    """The name of the index that serves a foreign key on ``columns`` and the edits that add
    it where the project keeps the table's indexes (no edits when it cannot be placed)."""
    name = index_name(table, columns)
    return name, index_edits(ctx, table, name, columns)
