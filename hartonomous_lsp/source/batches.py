"""Batches: the runs of tokens between GO lines, as sqlcmd and SSDT split them."""

from __future__ import annotations

from .lexer import GO, Token


def split_batches(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges ``[start, end)`` of each non-empty batch.

    The lexer only emits GO tokens for GO on a line of its own outside comments and strings,
    so a GO in a block comment never splits. ``GO n`` repeats a batch at run time; the
    model sees its statements once.
    """
    batches = []
    start = 0
    for i, tok in enumerate(tokens):
        if tok.kind == GO:
            if i > start:
                batches.append((start, i))
            start = i + 1
    if len(tokens) > start:
        batches.append((start, len(tokens)))
    return batches


def go_count(token: Token) -> int:
    """The repeat count of a GO line (``GO 5``), 1 when none is given."""
    words = token.text.split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 1
