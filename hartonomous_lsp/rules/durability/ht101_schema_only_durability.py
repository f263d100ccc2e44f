"""## What it does
Reports a memory-optimized table declared with `DURABILITY = SCHEMA_ONLY` whose name says it
holds business data that must survive a restart: billing, ledger, invoice, payment, usage,
audit, order, transaction, account (the `business_words` option). Tables whose name or schema
marks them as transient (staging, cache, session, temp, ... in `transient_words`) are what
SCHEMA_ONLY is for, and stay quiet even when a business word appears, as in
`Integration.PaymentMethod_Staging`.

## Why is this bad?
SQL Server never writes the rows of a SCHEMA_ONLY table to the transaction log or to disk.
When the instance restarts, fails over to another replica, or the database is taken offline
and brought back, the table comes back empty: only its schema survives. For payments,
invoices or an audit trail that is silent data loss, with no error at the moment it happens.

## Known problems
Which tables must be durable is decided from the table's name, split into words on CamelCase
and underscores. A business table named without one of the words (or all in lower case with
no separators, such as `paymentlog`) is missed; add words with the `business_words` option.

## Options
- `business_words`: words in a table's name that mark data which must survive a restart.
- `transient_words`: words in a table's name or schema that mark a staging, cache or session
  table; such a table stays quiet even with a business word.

## Fix safety
The fix writes `DURABILITY = SCHEMA_AND_DATA` and is unsafe: DURABILITY cannot be changed by
ALTER TABLE, so deploying it means recreating the table. SSDT does that with a table rebuild
that copies the existing rows into the new table; a hand-written migration must do the same.
A durable table also logs every write and needs the database's memory-optimized filegroup to
have room for its checkpoint files, which changes its write cost.

## References
- [SQL Server: Defining durability for memory-optimized objects](https://learn.microsoft.com/sql/relational-databases/in-memory-oltp/defining-durability-for-memory-optimized-objects)
- [SQL Server: CREATE TABLE (Transact-SQL), DURABILITY](https://learn.microsoft.com/sql/t-sql/statements/create-table-transact-sql)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...fixes.style import style_of
from ..base import UNSAFE, Context, Edit, Finding, Fix

CODE = "HT101"
NAME = "schema-only-durability"
SUMMARY = (
    "Business data in a memory-optimized table with DURABILITY = SCHEMA_ONLY, lost on every restart"
)
SEVERITY = "error"
FIX = "sometimes"
OPTIONS: dict[str, object] = {
    "business_words": [
        "billing",
        "ledger",
        "invoice",
        "payment",
        "usage",
        "audit",
        "order",
        "transaction",
        "account",
    ],
    "transient_words": [
        "staging",
        "stage",
        "cache",
        "cached",
        "session",
        "temp",
        "tmp",
        "scratch",
        "buffer",
        "queue",
    ],
}
BAD = """
CREATE TABLE Billing.PaymentLedger (
    PaymentLedgerId BIGINT NOT NULL PRIMARY KEY NONCLUSTERED,
    Amount DECIMAL(19, 4) NOT NULL
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);
"""
GOOD = """
CREATE TABLE Billing.PaymentLedger (
    PaymentLedgerId BIGINT NOT NULL PRIMARY KEY NONCLUSTERED,
    Amount DECIMAL(19, 4) NOT NULL
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_AND_DATA);
"""

_OPTION = re.compile(r"\bDURABILITY\s*=\s*(SCHEMA_ONLY)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def words(name: str) -> list[str]:
    """``PaymentMethod_Staging`` -> ``["payment", "method", "staging"]``."""
    return [w.lower() for w in _WORD.findall(name)]


def _hit(name_words: Iterable[str], wanted: Iterable[str]) -> str | None:
    """The first wanted word the name holds, singular or plural (``Orders`` holds ``order``)."""
    wanted = [w.lower() for w in wanted]
    for word in name_words:
        for w in wanted:
            if word in (w, w + "s", w + "es"):
                return w
    return None


def check(ctx: Context) -> Iterator[Finding]:
    business = ctx.options.get("business_words", OPTIONS["business_words"])
    transient = ctx.options.get("transient_words", OPTIONS["transient_words"])
    for table in ctx.catalog.real_tables():
        if table.durability != "SCHEMA_ONLY":
            continue
        name_words = words(table.name.name)
        if _hit(name_words + words(table.schema), transient):
            continue
        word = _hit(name_words, business)
        if word is None:
            continue
        source = ctx.file(table.path).source
        start, end = table.definition.span
        match = _OPTION.search(source.text, start, end)
        message = (
            f"{table.display} is memory-optimized with DURABILITY = SCHEMA_ONLY: every row is "
            "lost when the instance restarts or fails over; only the schema survives. Its name "
            f"says it holds {word} data, which must survive: write DURABILITY = SCHEMA_AND_DATA"
        )
        if match is None:  # the option is not where we can edit it: report on the name
            yield ctx.finding(table.path, table.name.span, message)
            continue
        written = match.group(1)
        if written.islower():
            new = "schema_and_data"
        elif written.isupper():
            new = "SCHEMA_AND_DATA"
        else:
            new = style_of(source).kw("SCHEMA_AND_DATA")
        fix = Fix(
            "Make the table durable (DURABILITY = SCHEMA_AND_DATA; recreates the table)",
            UNSAFE,
            [Edit(Path(table.path), match.start(1), match.end(1), new)],
        )
        yield ctx.finding(table.path, match.span(), message, fix)
