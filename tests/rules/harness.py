"""What every rule test does: write a small project, run the real CLI, read its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hartonomous_lsp.cli import main

DSP = "Microsoft.Data.Tools.Schema.Sql.Sql170DatabaseSchemaProvider"


def sqlproj(
    root: Path,
    items: list[str] | tuple[str, ...] = ("**\\*.sql",),
    *,
    dsp: str = DSP,
    post: str | None = None,
    name: str = "P",
) -> Path:
    """A classic SSDT project file listing ``items`` as Build items."""
    lines = "\n".join(f'    <Build Include="{i}" />' for i in items)
    if post:
        lines += f'\n    <PostDeploy Include="{post}" />'
    path = root / f"{name}.sqlproj"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project DefaultTargets="Build" '
        'xmlns="http://schemas.microsoft.com/developer/msbuild/2003" ToolsVersion="4.0">\n'
        f"  <PropertyGroup>\n    <DSP>{dsp}</DSP>\n  </PropertyGroup>\n"
        f"  <ItemGroup>\n{lines}\n  </ItemGroup>\n</Project>\n",
        encoding="utf-8",
    )
    return path


def write_file(root: Path, rel: str, text: str) -> Path:
    """Write one file as given, line endings included."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        write_file(root, rel, text)


def check(capsys: pytest.CaptureFixture[str], target: str | Path, *args: str) -> list[dict]:
    """``hartonomous check TARGET --format json ARGS``: the findings."""
    capsys.readouterr()
    main(["check", str(target), "--format", "json", *args])
    return json.loads(capsys.readouterr().out)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first ``needle`` in ``text``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def fix_and_verify(capsys: pytest.CaptureFixture[str], root: Path, code: str) -> None:
    """``--fix --unsafe-fixes`` clears ``code``, adds no other finding, and is idempotent."""
    every = ("--exit-zero",)
    before = {(f["code"], f["path"], f["line"]) for f in check(capsys, root, *every)}
    check(capsys, root, "--select", code, "--fix", "--unsafe-fixes")
    assert check(capsys, root, "--select", code) == []
    after = {(f["code"], f["path"], f["line"]) for f in check(capsys, root, *every)}
    assert not {a for a in after if a[0] != code} - before  # no new finding elsewhere
    assert all(f["code"] != "HT900" for f in check(capsys, root, *every))
    state = snapshot(root)
    check(capsys, root, "--select", code, "--fix", "--unsafe-fixes")
    assert snapshot(root) == state  # a second run changes nothing
