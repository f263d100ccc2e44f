"""Every fix at once, through the real CLI, on real projects: the fix contract holds.

After ``check --fix --unsafe-fixes`` the project still parses, every finding that had a fix is
gone, no new finding appears, each fixable finding took exactly one fix, files keep their
encoding, BOM and line endings, and a second run changes nothing.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from .conftest import CORPUS, EXAMPLE

Key = tuple[str, str, str]


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``hartonomous check . ARGS`` in ``root``, as a user runs it."""
    cmd = [sys.executable, "-m", "hartonomous_lsp.cli", "check", ".", *args]
    return subprocess.run(cmd, cwd=root, capture_output=True, text=True, encoding="utf-8")


def findings(root: Path) -> list[dict]:
    done = cli(root, "--unsafe-fixes", "--format", "json", "--exit-zero")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fix_all(root: Path) -> int:
    """Apply every fix; the number of fixes the CLI says it applied."""
    done = cli(root, "--fix", "--unsafe-fixes", "--exit-zero")
    assert done.returncode == 0, done.stderr
    m = re.search(r"^Fixed (\d+) errors?\.$", done.stdout, re.M)
    return int(m.group(1)) if m else 0


def key(finding: dict) -> Key:
    # Not the line: fixes above a finding move it. No message here names a line.
    return (finding["code"], finding["path"], finding["message"])


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _bom(data: bytes) -> bytes:
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return bom
    return b""


def _line_endings(data: bytes) -> set[str]:
    bom = _bom(data)
    encoding = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
    text = data[len(bom) :].decode(encoding.get(bom, "utf-8"))
    crlf = text.count("\r\n")
    return {e for e, n in (("crlf", crlf), ("lf", text.count("\n") - crlf)) if n}


def assert_style_kept(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Every file the fixes changed keeps its BOM (so its encoding) and, when it used one
    line ending throughout, that line ending. Returns the changed files."""
    changed = sorted(p for p in before if after[p] != before[p])
    for path in changed:
        assert _bom(after[path]) == _bom(before[path]), path
        endings = _line_endings(before[path])
        if len(endings) == 1:
            assert _line_endings(after[path]) == endings, path
    return changed


def assert_fix_contract(root: Path, at_least: int) -> None:
    before = findings(root)
    fixable = [f for f in before if f["fix"] is not None]
    assert len(fixable) >= at_least  # what the rules find today: fewer means a lost fix
    files = snapshot(root)

    assert fix_all(root) == len(fixable)  # one fix each: none re-applied, none left out

    after = findings(root)
    assert [f for f in after if f["code"] == "HT900"] == []  # it all still parses
    assert [f for f in after if f["fix"] is not None] == []
    gone = Counter(map(key, fixable))
    kept = Counter(key(f) for f in before if f["fix"] is None)
    found = Counter(map(key, after))
    assert not gone - kept & found, "a fixed finding is still there"
    assert not found - kept, "a fix made a new finding"

    fixed_files = snapshot(root)
    changed = assert_style_kept(files, fixed_files)
    assert changed  # the fixes wrote something
    assert fix_all(root) == 0
    assert snapshot(root) == fixed_files  # a second run changes nothing


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "example"))


def test_all_fixes_on_the_example(example: Path) -> None:
    # HT101, 3 x HT201, 2 x HT501, HT301 and HT401 as of this writing.
    assert_fix_contract(example, at_least=8)


def test_all_fixes_on_wide_world_importers(tmp_path: Path) -> None:
    # 31 x HT502 as of this writing (the SSDT project indexes few of its foreign keys).
    assert_fix_contract(Path(shutil.copytree(CORPUS, tmp_path / "wwi")), at_least=31)


def _reencode(root: Path) -> dict[str, str]:
    """The example's .sql files as SSMS and Visual Studio save them: UTF-16 LE and UTF-8,
    both with a BOM and CRLF, alternating. Returns path -> encoding."""
    chosen = {}
    for n, path in enumerate(sorted(root.rglob("*.sql"))):
        text = path.read_text("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        if n % 2:
            path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
            chosen[str(path.relative_to(root))] = "utf-8"
        else:
            path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
            chosen[str(path.relative_to(root))] = "utf-16-le"
    return chosen


def test_all_fixes_keep_bom_encoding_and_crlf(example: Path, tmp_path: Path) -> None:
    plain = Path(shutil.copytree(EXAMPLE, tmp_path / "plain"))
    expected_count = fix_all(plain)
    encodings = _reencode(example)
    before = snapshot(example)

    assert fix_all(example) == expected_count
    after = snapshot(example)
    changed = [p for p in assert_style_kept(before, after) if p in encodings]
    assert {encodings[p] for p in changed} == {"utf-8", "utf-16-le"}  # both were fixed
    for path in changed:
        data = after[path]
        text = data[len(_bom(data)) :].decode(encodings[path])
        assert "\n" not in text.replace("\r\n", ""), path  # CRLF only, new lines included
        # The same fixes as on the plain UTF-8, LF copy, byte for byte once decoded.
        assert text.replace("\r\n", "\n") == (plain / path).read_text("utf-8"), path
    assert [f for f in findings(example) if f["fix"] is not None or f["code"] == "HT900"] == []
