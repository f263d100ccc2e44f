"""Projects kept in memory between edits: what the language server holds.

Open buffers override the files on disk. A change to one file re-parses that file alone and
rebuilds the catalog (milliseconds); a change to what makes up a project (a `.sqlproj`, a
config file, a file created or deleted, a deployment script's `:r` list) reloads the project.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .catalog.cache import ParseCache
from .catalog.load import LoadedProject, SourceFile, build_catalogs, load_project, parse_all
from .catalog.project import Project, discover
from .config import CONFIG_NAMES
from .engine import RuleErrorHandler, Selection, project_findings
from .rules.base import Finding


@dataclass(slots=True)
class Settings:
    """What an editor may set on top of the config file."""

    target: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    unsafe_fixes: bool = True

    @property
    def selection(self) -> Selection:
        return Selection(self.select, list(self.ignore))


@dataclass(slots=True)
class LiveProject:
    loaded: LoadedProject
    generation: int = 0
    _findings: dict[Path, list[Finding]] | None = None

    @property
    def project(self) -> Project:
        return self.loaded.project

    @property
    def root(self) -> Path:
        return self.project.root

    def owns(self, path: Path) -> bool:
        return path in self.loaded.files


class LiveWorkspace:
    def __init__(self, folders: Iterable[Path], cache: ParseCache, settings: Settings) -> None:
        self.folders = [f.resolve() for f in folders]
        self.cache = cache
        self.settings = settings
        self.buffers: dict[Path, bytes] = {}
        self.projects: list[LiveProject] = []
        self.on_rule_error: RuleErrorHandler | None = None

    # -- building ---------------------------------------------------------------------------

    def index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Find and load every project under the workspace folders."""
        found: dict[Path, Project] = {}
        for folder in self.folders:
            for project in discover([folder]):
                found.setdefault(project.root, project)
        total = sum(len(p.roles) for p in found.values())
        done = 0
        self.projects = []
        for project in found.values():
            self.projects.append(self._load(project))
            done += len(project.roles)
            if progress is not None:
                progress(done, total)

    def _load(self, project: Project) -> LiveProject:
        project.target_override = self.settings.target
        return LiveProject(load_project(project, self.cache, self.buffers))

    def file_count(self) -> int:
        return sum(len(p.loaded.files) for p in self.projects)

    def project_of(self, path: Path) -> LiveProject | None:
        for live in self.projects:
            if live.owns(path):
                return live
        return None

    def ensure_project(self, path: Path) -> LiveProject | None:
        """The project holding a file, loading it (or reloading its project) when the file is
        new to the workspace."""
        live = self.project_of(path)
        if live is not None:
            return live
        projects = discover([path])
        if not projects:
            return None
        project = projects[0]
        if path not in project.roles and path.suffix.lower() == ".sql":
            project.roles[path] = "build" if project.sqlproj is None else "script"
        for i, existing in enumerate(self.projects):
            if existing.root == project.root:
                self.projects[i] = self._load(project)
                return self.projects[i]
        live = self._load(project)
        self.projects.append(live)
        return live

    # -- changes ----------------------------------------------------------------------------

    def set_buffer(self, path: Path, data: bytes) -> LiveProject | None:
        """An open buffer's text (what the engine sees instead of the disk)."""
        self.buffers[path] = data
        live = self.ensure_project(path)
        if live is not None:
            self._replace(live, path, data)
        return live

    def close_buffer(self, path: Path) -> LiveProject | None:
        self.buffers.pop(path, None)
        live = self.project_of(path)
        if live is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return self.reload(live)
        self._replace(live, path, data)
        return live

    def disk_changed(self, paths: Iterable[Path]) -> list[LiveProject]:
        """Files changed, created or deleted on disk: the projects whose results may differ."""
        touched: dict[Path, LiveProject] = {}
        reload: dict[Path, LiveProject] = {}
        fresh: list[Path] = []
        for path in paths:
            if path.suffix.lower() == ".sqlproj" or path.name in CONFIG_NAMES:
                for live in self.projects:
                    if _under(path, live.root):
                        reload[live.root] = live
                if not any(_under(path, live.root) for live in self.projects):
                    fresh.append(path)
                continue
            live = self.project_of(path)
            if live is None:
                if path.suffix.lower() == ".sql" and path.exists():
                    fresh.append(path)
                continue
            if path in self.buffers:
                continue  # the open buffer wins over the disk
            try:
                data = path.read_bytes()
            except OSError:
                reload[live.root] = live  # deleted
                continue
            self._replace(live, path, data)
            touched[live.root] = live
        for live in reload.values():
            touched[live.root] = self.reload(live)
        for path in fresh:
            if path.suffix.lower() == ".sqlproj" or path.name in CONFIG_NAMES:
                self.index()
                return list(self.projects)
            live = self.ensure_project(path)
            if live is not None:
                touched[live.root] = live
        return list(touched.values())

    def reload(self, live: LiveProject) -> LiveProject:
        projects = discover([live.root])
        if not projects:
            self.projects.remove(live)
            return live
        project = projects[0]
        for path in self.buffers:
            if _under(path, project.root) and path not in project.roles:
                project.roles[path] = "build" if project.sqlproj is None else "script"
        fresh = self._load(project)
        fresh.generation = live.generation + 1
        self.projects[self.projects.index(live)] = fresh
        return fresh

    def reconfigure(self, settings: Settings) -> None:
        self.settings = settings
        for i, live in enumerate(self.projects):
            live.project.target_override = settings.target
            live._findings = None
            live.generation += 1
            self.projects[i] = live

    def _replace(self, live: LiveProject, path: Path, data: bytes) -> None:
        files = live.loaded.files
        old = files.get(path)
        if old is not None and old.data == data:
            return
        parsed = parse_all([data], self.cache)[0]
        role = old.role if old is not None else live.project.roles.get(path, "script")
        if old is not None and role in ("predeploy", "postdeploy", "included"):
            before = [i.path for i in old.parsed.includes]
            if before != [i.path for i in parsed.includes]:
                self.reload(live)  # what the deployment pulls in has changed
                return
        files[path] = SourceFile(path, role, data, parsed)
        live.loaded.catalog, live.loaded.script_catalogs = build_catalogs(files)
        live._findings = None
        live.generation += 1

    # -- results ----------------------------------------------------------------------------

    def findings(self, live: LiveProject) -> dict[Path, list[Finding]]:
        """Findings by file, computed once per generation."""
        if live._findings is None:
            found, _ = project_findings(live.loaded, self.settings.selection, self.on_rule_error)
            by_path: dict[Path, list[Finding]] = {p: [] for p in live.loaded.files}
            for finding in found:
                by_path.setdefault(finding.path, []).append(finding)
            live._findings = by_path
        return live._findings

    def findings_for(self, path: Path) -> list[Finding]:
        live = self.project_of(path)
        if live is None:
            return []
        return self.findings(live).get(path, [])

    def source(self, path: Path) -> SourceFile | None:
        live = self.project_of(path)
        return live.loaded.files.get(path) if live is not None else None


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
