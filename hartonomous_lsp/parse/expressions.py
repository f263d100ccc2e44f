"""What a CHECK expression allows, read by sqlglot (imported only when asked).

The DDL grammar keeps every expression as its exact source text; this module hands such a
text to sqlglot when a consumer needs its meaning. Nothing on the path of ``check`` calls it,
so a cold run does not pay sqlglot's import.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def check_values(expression: str) -> dict[str, tuple[str, ...]] | None:
    """Column → the string values a CHECK allows, for ``c IN ('a', 'b')`` and
    ``c = 'a' OR c = 'b'`` (columns lower-cased). An empty dict when the CHECK is of another
    shape; None when sqlglot cannot parse it (the caller knows nothing, and says so)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        tree = sqlglot.parse_one(expression, dialect="tsql")
    except SqlglotError:
        return None
    while isinstance(tree, exp.Paren):
        tree = tree.this
    values: dict[str, list[str]] = {}
    for branch in _or_branches(tree, exp):
        column, found = _branch_values(branch, exp)
        if column is None:
            return {}
        values.setdefault(column, []).extend(found)
    return {c: tuple(dict.fromkeys(v)) for c, v in values.items()}


def _or_branches(node, exp):
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Or):
        return [*_or_branches(node.this, exp), *_or_branches(node.expression, exp)]
    return [node]


def _branch_values(node, exp):
    if isinstance(node, exp.In) and isinstance(node.this, exp.Column):
        literals = [_string(e, exp) for e in node.expressions]
        if all(v is not None for v in literals):
            return node.this.name.lower(), literals
    if isinstance(node, exp.EQ):
        for col, lit in ((node.this, node.expression), (node.expression, node.this)):
            value = _string(lit, exp)
            if isinstance(col, exp.Column) and value is not None:
                return col.name.lower(), [value]
    return None, []


def _string(node, exp) -> str | None:
    if isinstance(node, exp.National):
        return node.name
    if isinstance(node, exp.Literal) and node.is_string:
        return node.this
    return None
