"""A table's quality score: deterministic, from its findings and its keys only."""

from __future__ import annotations

from ..catalog.model import Table
from ..rules.base import Finding

# Points taken from 100 per finding, by severity; a table cannot go below 0.
PENALTY = {"error": 25, "warning": 10, "info": 3}
NO_PRIMARY_KEY = 15

EXPLANATION = f"""How `hartonomous audit` scores a table (0-100)

Every table starts at 100 and loses points for what the audit finds on it:

  - each error finding:    -{PENALTY["error"]}
  - each warning finding:  -{PENALTY["warning"]}
  - each info finding:     -{PENALTY["info"]}
  - no PRIMARY KEY:        -{NO_PRIMARY_KEY} (a memory-optimized or temporal table cannot
                           even be created without one; any other table cannot be
                           referenced by a foreign key or replicated)

The score is never below 0. A finding counts for the table whose definition, column,
constraint or index it points at, whichever file that is written in. Findings silenced with
`-- noqa` or configuration do not count. Severities are those after configuration
(`[severity]` in hartonomous.toml), so a team that downgrades a rule also weighs it less.

The project's score is the mean of its tables' scores, to one decimal. The same files and
configuration always give the same scores.
"""


def score_table(table: Table, findings: list[Finding]) -> tuple[int, list[str]]:
    score = 100
    reasons = []
    for f in findings:
        points = PENALTY.get(f.severity, 0)
        score -= points
        reasons.append(f"-{points} {f.code} ({f.severity})")
    if table.primary_key is None:
        score -= NO_PRIMARY_KEY
        reasons.append(f"-{NO_PRIMARY_KEY} no primary key")
    return max(score, 0), reasons
