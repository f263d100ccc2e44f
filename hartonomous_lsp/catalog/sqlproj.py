"""Reading a .sqlproj: target version, build items, deployment scripts. Never required."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TARGET = "sql2022"
TARGETS = ("sql2016", "sql2017", "sql2019", "sql2022", "sql2025", "azure-sql")
_DSP_VERSIONS = {
    "130": "sql2016",
    "140": "sql2017",
    "150": "sql2019",
    "160": "sql2022",
    "170": "sql2025",
}
_IGNORED_DIRS = frozenset({"bin", "obj", ".git", "node_modules", ".venv", "__pycache__"})


@dataclass(slots=True)
class SqlProj:
    path: Path
    target: str | None = None
    sdk_style: bool = False
    build: list[Path] = field(default_factory=list)
    none: list[Path] = field(default_factory=list)
    predeploy: list[Path] = field(default_factory=list)
    postdeploy: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    build_patterns: list[str] = field(default_factory=list)  # Build Include items, "/"-separated

    @property
    def root(self) -> Path:
        return self.path.parent

    def covers(self, path: Path) -> bool:
        """Whether a Build item (a wildcard, or the SDK default) takes in ``path``, which
        need not exist yet: where a new file must also be registered, and where not."""
        if self.sdk_style:
            return True
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return False
        return any(_pattern(p).fullmatch(rel) for p in self.build_patterns)


def target_from_dsp(dsp: str) -> str | None:
    if "SqlAzure" in dsp or "SqlDbFabric" in dsp:
        return "azure-sql"
    m = re.search(r"Sql(\d+)DatabaseSchemaProvider", dsp)
    return _DSP_VERSIONS.get(m.group(1)) if m else None


def read_sqlproj(path: Path) -> SqlProj:
    project = SqlProj(path)
    try:
        root = ET.fromstring(path.read_bytes())
    except (ET.ParseError, OSError) as exc:
        project.problems.append(f"cannot read {path.name}: {exc}")
        project.sdk_style = True  # fall back to every .sql under the folder
        project.build = sorted(iter_sql_files(project.root))
        return project
    _strip_namespaces(root)
    project.sdk_style = "Microsoft.Build.Sql" in (root.get("Sdk") or "") or any(
        "Microsoft.Build.Sql" in (e.get("Name") or "") for e in root.iter("Sdk")
    )
    for dsp in root.iter("DSP"):
        project.target = target_from_dsp(dsp.text or "") or project.target
    included: dict[Path, None] = {}
    if project.sdk_style:
        included.update(dict.fromkeys(sorted(iter_sql_files(project.root))))
    removed: set[Path] = set()
    for item in root.iter():
        kind = item.tag
        if kind not in ("Build", "None", "PreDeploy", "PostDeploy", "Content"):
            continue
        include, remove = item.get("Include"), item.get("Remove")
        if remove and kind in ("Build", "None"):
            removed.update(expand(project.root, remove))
        if not include:
            continue
        files = expand(project.root, include)
        if kind == "Build":
            project.build_patterns.extend(_parts(include))
            included.update(dict.fromkeys(files))
        elif kind == "None":
            project.none.extend(files)
        elif kind == "PreDeploy":
            project.predeploy.extend(files)
        elif kind == "PostDeploy":
            project.postdeploy.extend(files)
    deploy = set(project.predeploy) | set(project.postdeploy)
    project.build = [p for p in included if p not in removed and p not in deploy]
    return project


def _parts(pattern: str) -> list[str]:
    """The paths of an item's ``;`` list, "/"-separated, those with MSBuild properties left out."""
    parts = (p.strip().replace("\\", "/") for p in pattern.split(";"))
    return [p for p in parts if p and "$(" not in p]


def _pattern(pattern: str) -> re.Pattern[str]:
    """An MSBuild wildcard (``**``, ``*``, ``?``) as a case-insensitive regular expression."""
    out, k = [], 0
    while k < len(pattern):
        if pattern.startswith("**/", k):
            out.append("(?:.*/)?")
            k += 3
        elif pattern.startswith("**", k):
            out.append(".*")
            k += 2
        elif pattern[k] == "*":
            out.append("[^/]*")
            k += 1
        elif pattern[k] == "?":
            out.append("[^/]")
            k += 1
        else:
            out.append(re.escape(pattern[k]))
            k += 1
    return re.compile("".join(out), re.I)


def _strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def expand(root: Path, pattern: str) -> list[Path]:
    """MSBuild item paths (backslashes, ``*``, ``**``, ``?``, ``;`` lists) under root."""
    found: list[Path] = []
    for part in _parts(pattern):
        if any(ch in part for ch in "*?"):
            found.extend(sorted(p for p in root.glob(part) if p.is_file() and _inside(root, p)))
        else:
            candidate = Path(os.path.normpath(root / part))
            if _inside(root, candidate):
                found.append(_case_insensitive(candidate))
    return found


def _case_insensitive(path: Path) -> Path:
    """SSDT projects come from Windows: find ``Tables\\x.SQL`` as ``tables/X.sql``."""
    if path.exists() or not path.parent.exists():
        return path
    lower = path.name.lower()
    for entry in path.parent.iterdir():
        if entry.name.lower() == lower:
            return entry
    return path


def _inside(root: Path, path: Path) -> bool:
    """Lexically inside root (``..`` folded), without touching the disk."""
    norm = os.path.normpath(path)
    base = os.path.normpath(root)
    return norm == base or norm.startswith(base + os.sep)


def iter_sql_files(root: Path):
    """Every .sql file under root (any case), skipping build output and tool folders."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                if entry.name not in _IGNORED_DIRS and not entry.name.startswith("."):
                    stack.append(entry)
            elif entry.suffix.lower() == ".sql":
                yield entry
