"""Which files make up a project, which of them the deployed model holds, and its target."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, find_config, load_config
from .sqlproj import DEFAULT_TARGET, SqlProj, iter_sql_files, read_sqlproj

# Roles of a file in a project.
BUILD = "build"
PREDEPLOY = "predeploy"
POSTDEPLOY = "postdeploy"
INCLUDED = "included"  # pulled into a deployment script with :r
SCRIPT = "script"  # under the project, outside the deployed model


@dataclass(slots=True)
class Project:
    root: Path
    sqlproj: SqlProj | None
    config: Config
    roles: dict[Path, str] = field(default_factory=dict)
    target_override: str | None = None

    @property
    def name(self) -> str:
        return self.sqlproj.path.stem if self.sqlproj else self.root.name

    @property
    def target(self) -> str:
        return (
            self.target_override
            or self.config.target
            or (self.sqlproj.target if self.sqlproj else None)
            or DEFAULT_TARGET
        )

    @property
    def model_files(self) -> list[Path]:
        return [p for p, role in self.roles.items() if role != SCRIPT]

    @property
    def script_files(self) -> list[Path]:
        return [p for p, role in self.roles.items() if role == SCRIPT]

    @property
    def deploy_scripts(self) -> list[Path]:
        return [p for p, role in self.roles.items() if role in (PREDEPLOY, POSTDEPLOY)]


def find_root(start: Path) -> tuple[Path, Path | None]:
    """(project folder, .sqlproj or None) for a file or folder, per DESIGN.md's order."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        projs = sorted(candidate.glob("*.sqlproj"))
        if projs:
            return candidate, projs[0]
    config = find_config(folder)
    if config is not None:
        return config.parent, None
    git = _git_root(folder)
    return (git or folder), None


def _git_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def discover(paths: list[Path], config_path: Path | None = None) -> list[Project]:
    """The projects that hold the given paths (each project once, whole)."""
    roots: dict[Path, Path | None] = {}
    for path in paths:
        path = path.resolve()
        root, sqlproj = find_root(path)
        if path.is_dir() and sqlproj is None:
            # A folder above any project: every .sqlproj below it is a project of its own.
            for proj in sorted(_sqlprojs_under(path)):
                roots.setdefault(proj.parent, proj)
            roots.setdefault(root, None)
        else:
            roots.setdefault(root, sqlproj)
    projects = []
    project_dirs = {r for r, p in roots.items() if p is not None}
    for root, sqlproj_path in roots.items():
        config = load_config(config_path or find_config(root))
        sqlproj = read_sqlproj(sqlproj_path) if sqlproj_path else None
        project = Project(root, sqlproj, config)
        _assign_roles(project, project_dirs - {root})
        if project.roles:
            projects.append(project)
    return projects


def _sqlprojs_under(folder: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [
            d for d in dirnames if d not in ("bin", "obj", ".git", "node_modules", ".venv")
        ]
        found.extend(Path(dirpath) / f for f in filenames if f.lower().endswith(".sqlproj"))
    return found


def _assign_roles(project: Project, other_projects: set[Path]) -> None:
    roles: dict[Path, str] = {}
    sqlproj = project.sqlproj
    if sqlproj is not None:
        for path in sqlproj.build:
            roles[path] = BUILD
        for path in sqlproj.predeploy:
            roles[path] = PREDEPLOY
        for path in sqlproj.postdeploy:
            roles[path] = POSTDEPLOY
    every = [
        p
        for p in iter_sql_files(project.root)
        if not any(_under(p, other) for other in other_projects)
    ]
    if sqlproj is None:
        for path in every:
            roles[path] = BUILD
    else:
        for path in every:
            roles.setdefault(path, SCRIPT)
    excluded = project.config.exclude
    if excluded:
        roles = {p: r for p, r in roles.items() if not _excluded(project.root, p, excluded)}
    project.roles = {p: r for p, r in roles.items() if p.exists()}


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _excluded(root: Path, path: Path, patterns: list[str]) -> bool:
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    return any(rel.match(p) or rel.as_posix().startswith(p.rstrip("/") + "/") for p in patterns)


def mark_includes(project: Project, includer: Path, include: str) -> Path | None:
    """Resolve a ``:r`` path of a deployment script; never outside the project folder."""
    if "$(" in include:
        return None
    target = Path(os.path.normpath(includer.parent / include.replace("\\", "/")))
    if not _under(target, project.root) or not target.is_file():
        return None
    if project.roles.get(target) in (None, SCRIPT):
        project.roles[target] = INCLUDED
        return target
    return None
