"""A rule that raises on any file containing ``crash-me``: loaded into the real server through
``HARTONOMOUS_RULE_MODULES`` to show that a failing rule costs only its own findings."""

from __future__ import annotations

from collections.abc import Iterator

from hartonomous_lsp.rules.base import Context, Finding

CODE = "HT990"
NAME = "crash-on-demand"
SUMMARY = "Raises when a file says crash-me (test only)."
SEVERITY = "warning"
FIX = "never"
FAMILY = "test"


def check(ctx: Context) -> Iterator[Finding]:
    for path, file in ctx.loaded.files.items():
        if b"crash-me" in file.data:
            raise RuntimeError(f"rule blew up on {path.name}")
    yield from ()
