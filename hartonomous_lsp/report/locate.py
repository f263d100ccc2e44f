"""Offsets to the 1-based lines and columns people read."""

from __future__ import annotations

import os
from pathlib import Path

from ..source.text import SourceText


def span_lines(source: SourceText, span: tuple[int, int]) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column), 1-based, columns in characters."""
    line, col = source.position(span[0])
    end_line, end_col = source.position(span[1])
    return line + 1, col + 1, end_line + 1, end_col + 1


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path relative to the current directory, as ruff prints it."""
    base = cwd or Path.cwd()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, base)).as_posix()
