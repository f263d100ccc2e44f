"""Loading a project: read every file, parse what the cache does not hold, build the catalog."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..parse.nodes import ParsedFile, Problem
from ..parse.script import parse_text
from ..source.text import DecodeError, SourceText
from .cache import ParseCache, content_key
from .model import Catalog, build_catalog
from .project import POSTDEPLOY, PREDEPLOY, SCRIPT, Project, mark_includes

# Below this many bytes to parse, forking workers costs more than it saves.
POOL_THRESHOLD = 3_000_000


@dataclass(slots=True)
class SourceFile:
    path: Path
    role: str
    data: bytes
    parsed: ParsedFile
    _source: SourceText | None = None

    @property
    def source(self) -> SourceText:
        if self._source is None:
            try:
                self._source = SourceText.from_bytes(self.data)
            except DecodeError:
                self._source = SourceText(self.data.decode("utf-8", "replace"))
        return self._source


@dataclass(slots=True)
class LoadedProject:
    project: Project
    files: dict[Path, SourceFile]
    catalog: Catalog
    script_catalogs: dict[Path, Catalog] = field(default_factory=dict)

    def catalog_for(self, path: Path) -> Catalog:
        """The model, or for a script outside it, the model with the script on top."""
        return self.script_catalogs.get(path, self.catalog)


def parse_bytes(data: bytes) -> ParsedFile:
    try:
        source = SourceText.from_bytes(data)
    except DecodeError as exc:
        return ParsedFile(errors=[Problem((0, 0), f"cannot decode the file: {exc}")])
    return parse_text(source.text)


def _parse_many(payloads: list[bytes]) -> list[ParsedFile]:
    return [parse_bytes(p) for p in payloads]


def parse_all(datas: list[bytes], cache: ParseCache) -> list[ParsedFile]:
    keys = [content_key(d) for d in datas]
    results: list[ParsedFile | None] = [cache.get(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    size = sum(len(datas[i]) for i in todo)
    workers = min(os.cpu_count() or 1, 4)
    # Forking a process that runs other threads (the language server's reader and indexing
    # threads) can copy a held lock into the child and hang the pool for ever.
    single_threaded = threading.active_count() == 1
    if workers > 1 and single_threaded and size > POOL_THRESHOLD and len(todo) > 1:
        parsed = _parse_in_pool([datas[i] for i in todo], workers)
    else:
        parsed = [parse_bytes(datas[i]) for i in todo]
    for i, p in zip(todo, parsed, strict=True):
        results[i] = p
        cache.put(keys[i], p)
    return results  # type: ignore[return-value]


def _parse_in_pool(payloads: list[bytes], workers: int) -> list[ParsedFile]:
    """Parse in forked workers, balancing by size (one 3 MB data script outweighs 300 tables)."""
    import multiprocessing

    order = sorted(range(len(payloads)), key=lambda i: -len(payloads[i]))
    bins: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for i in order:
        w = loads.index(min(loads))
        bins[w].append(i)
        loads[w] += len(payloads[i])
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        return _parse_many(payloads)
    with ctx.Pool(workers) as pool:
        chunks = pool.map(_parse_many, [[payloads[i] for i in b] for b in bins])
    out: list[ParsedFile | None] = [None] * len(payloads)
    for b, chunk in zip(bins, chunks, strict=True):
        for i, parsed in zip(b, chunk, strict=True):
            out[i] = parsed
    return out  # type: ignore[return-value]


def load_project(
    project: Project, cache: ParseCache, overrides: dict[Path, bytes] | None = None
) -> LoadedProject:
    overrides = overrides or {}
    paths = list(project.roles)
    datas = []
    readable = []
    unreadable: dict[Path, str] = {}
    for path in paths:
        if path in overrides:
            datas.append(overrides[path])
            readable.append(path)
            continue
        try:
            datas.append(path.read_bytes())
            readable.append(path)
        except OSError as exc:
            unreadable[path] = str(exc)
    parsed = parse_all(datas, cache)
    files = {
        p: SourceFile(p, project.roles[p], d, pf)
        for p, d, pf in zip(readable, datas, parsed, strict=True)
    }
    for path, message in unreadable.items():
        files[path] = SourceFile(
            path,
            project.roles[path],
            b"",
            ParsedFile(errors=[Problem((0, 0), f"cannot read the file: {message}")]),
        )
    _follow_includes(project, files)
    return LoadedProject(project, files, *build_catalogs(files))


def _follow_includes(project: Project, files: dict[Path, SourceFile]) -> None:
    queue = [p for p, f in files.items() if f.role in (PREDEPLOY, POSTDEPLOY)]
    while queue:
        includer = queue.pop()
        for include in files[includer].parsed.includes:
            target = mark_includes(project, includer, include.path)
            if target is not None and target in files:
                files[target].role = project.roles[target]
                queue.append(target)


def build_catalogs(files: dict[Path, SourceFile]) -> tuple[Catalog, dict[Path, Catalog]]:
    model = [(str(p), f.parsed) for p, f in files.items() if f.role != SCRIPT]
    catalog = build_catalog(model)
    scripts: dict[Path, Catalog] = {}
    for path, f in files.items():
        if f.role == SCRIPT and _defines_objects(f.parsed):
            scripts[path] = build_catalog([(str(path), f.parsed)], base=catalog)
    return catalog, scripts


def _defines_objects(parsed: ParsedFile) -> bool:
    return bool(parsed.tables or parsed.alters or parsed.indexes)
