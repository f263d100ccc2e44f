"""## What it does
Reports text that is not valid T-SQL: an unclosed string, comment or bracketed name, a
statement the engine models (CREATE TABLE, CREATE INDEX, ALTER TABLE, ...) that breaks off or
has a word where none belongs, a misspelt CREATE or ALTER, a file that cannot be decoded.

## Why is this bad?
SQL Server rejects the batch at publish time (SSDT reports it at build time as SQL46010).
Until it parses, the engine cannot see what the statement declares, so other rules may miss
defects in it. The rest of the file is still checked: parsing resumes after the error.

## Known problems
Only the statements the engine models are checked for syntax in full; in procedure bodies
the engine reports unclosed strings, comments and names, and otherwise trusts the code.

## Fix safety
There is no automatic fix: only the author knows what the statement should say.

## References
- [SQL Server: CREATE TABLE (Transact-SQL)](https://learn.microsoft.com/sql/t-sql/statements/create-table-transact-sql)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..base import Context, Finding

CODE = "HT900"
NAME = "parse-error"
SUMMARY = "Text that is not valid T-SQL"
SEVERITY = "error"
FIX = "never"
OPTIONS: dict[str, object] = {}
BAD = """
CREATE TABLE dbo.Invoice (
    InvoiceId INT NOT NULL PRIMARY KEY,
    Total DECIMAL(12, 2 NOT NULL
);
"""
GOOD = """
CREATE TABLE dbo.Invoice (
    InvoiceId INT NOT NULL PRIMARY KEY,
    Total DECIMAL(12, 2) NOT NULL
);
"""


def check(ctx: Context) -> Iterator[Finding]:
    for path, source in ctx.loaded.files.items():
        for problem in source.parsed.errors:
            yield ctx.finding(path, problem.span, f"Syntax error: {problem.message}")
