"""The engine's one entry point: paths in, loaded projects and findings out.

The CLI, the pre-commit hook and the language server all call ``analyze``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .catalog.cache import NoCache, ParseCache
from .catalog.load import LoadedProject, SourceFile, load_project
from .catalog.project import discover
from .config import Config
from .rules.base import Context, Finding, Rule, iter_findings, select_rules

RuleErrorHandler = Callable[[str, Exception], None]


@dataclass(slots=True)
class Selection:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    projects: list[LoadedProject]
    findings: list[Finding]
    suppressed: int = 0


def analyze(
    paths: list[Path],
    *,
    config_path: Path | None = None,
    target: str | None = None,
    selection: Selection | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    overrides: dict[Path, bytes] | None = None,
) -> Analysis:
    cache: ParseCache = ParseCache(cache_dir) if use_cache else NoCache()
    projects = discover(paths, config_path)
    loaded = []
    findings: list[Finding] = []
    suppressed = 0
    for project in projects:
        project.target_override = target
        lp = load_project(project, cache, overrides)
        loaded.append(lp)
        kept, silenced = project_findings(lp, selection or Selection())
        suppressed += silenced
        findings.extend(kept)
    # A project file stands for its whole project: a changed .sqlproj changes what every
    # file of it means (pre-commit passes the .sqlproj alone when only it changed).
    wanted = [(p.parent if p.suffix.lower() == ".sqlproj" else p).resolve() for p in paths]
    findings = [f for f in findings if any(_under(f.path, w) for w in wanted)]
    findings.sort(key=lambda f: (str(f.path), f.span[0], f.code))
    return Analysis(loaded, findings, suppressed)


def project_findings(
    lp: LoadedProject, selection: Selection, on_error: RuleErrorHandler | None = None
) -> tuple[list[Finding], int]:
    """A loaded project's findings after suppressions and severities, and how many were
    suppressed."""
    config = lp.project.config
    raw = run_rules(lp, _rules_for(config, selection), on_error)
    memo: dict[Path, Suppressions] = {}
    kept = [_with_severity(f, config) for f in raw if not _ignored(f, lp, memo)]
    kept.sort(key=lambda f: (str(f.path), f.span[0], f.code))
    return kept, len(raw) - len(kept)


def _rules_for(config: Config, selection: Selection) -> list[Rule]:
    select = selection.select if selection.select is not None else config.select
    return select_rules(
        select, config.ignore + selection.ignore, config.extend_select + selection.extend_select
    )


def run_rules(
    lp: LoadedProject, rules: list[Rule], on_error: RuleErrorHandler | None = None
) -> list[Finding]:
    """Every rule over the model and over each script on top of it. With ``on_error``, a rule
    that raises is reported there and skipped (the language server must outlive a bug in one
    rule); without it the exception propagates (the CLI fails loudly)."""
    config = lp.project.config
    seen: set[tuple[str, Path, tuple[int, int], str]] = set()
    out: list[Finding] = []
    scopes = [(lp.catalog, None)] + [(cat, {path}) for path, cat in lp.script_catalogs.items()]
    for rule in rules:
        options = dict(rule.options)
        options.update(config.rules.get(rule.code, {}))
        options.update(config.rules.get(rule.name, {}))
        for catalog, only in scopes:
            ctx = Context(lp, catalog, rule, options, only)
            try:
                found = list(iter_findings(ctx))
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(rule.code, exc)
                break
            for finding in found:
                key = (finding.code, finding.path, finding.span, finding.message)
                if key not in seen:
                    seen.add(key)
                    out.append(finding)
            if rule.family == "engine":
                break  # engine rules read files, not the catalog: once is enough
    return out


def _with_severity(finding: Finding, config: Config) -> Finding:
    level = config.severity.get(finding.code) or config.severity.get(finding.name)
    if level:
        finding.severity = level
    return finding


_NOQA = re.compile(r"--\s*noqa(?:\s*:\s*(?P<codes>[A-Za-z0-9_,\s-]+))?", re.I)
_NOQA_FILE = re.compile(
    r"--\s*hartonomous\s*:\s*noqa-file(?:\s*:\s*(?P<codes>[A-Za-z0-9_,\s-]+))?", re.I
)


def _codes(text: str | None) -> set[str] | None:
    if not text:
        return None
    return {c.strip().upper() for c in re.split(r"[,\s]+", text) if c.strip()}


@dataclass(slots=True)
class Suppressions:
    """A file's ``-- noqa`` comments: by 0-based line (None: every code), and file-wide."""

    by_line: dict[int, set[str] | None] = field(default_factory=dict)
    file_codes: set[str] = field(default_factory=set)
    whole_file: bool = False

    def silences(self, finding: Finding, line: int) -> bool:
        names = {finding.code, finding.name.upper()}
        if self.whole_file or names & self.file_codes:
            return True
        if line not in self.by_line:
            return False
        codes = self.by_line[line]
        return codes is None or bool(names & codes)


def suppressions(source: SourceFile) -> Suppressions:
    found = Suppressions()
    text = source.source.text
    for start, end in source.parsed.comments:
        comment = text[start:end]
        if "noqa" not in comment.lower():
            continue
        m = _NOQA_FILE.match(comment)
        if m:
            codes = _codes(m.group("codes"))
            if codes is None:
                found.whole_file = True
            else:
                found.file_codes |= codes
            continue
        m = _NOQA.search(comment)
        if m:
            line, _ = source.source.position(start)
            codes = _codes(m.group("codes"))
            if codes is None or found.by_line.get(line, set()) is None:
                found.by_line[line] = None
            else:
                found.by_line[line] = (found.by_line.get(line) or set()) | codes
    return found


def _ignored(finding: Finding, lp: LoadedProject, memo: dict[Path, Suppressions]) -> bool:
    source = lp.files.get(finding.path)
    if source is not None and source.parsed.comments:
        if finding.path not in memo:
            memo[finding.path] = suppressions(source)
        line, _ = source.source.position(finding.span[0])
        if memo[finding.path].silences(finding, line):
            return True
    config = lp.project.config
    if config.per_file_ignores:
        base = config.root or lp.project.root
        try:
            rel = finding.path.relative_to(base).as_posix()
        except ValueError:
            rel = finding.path.as_posix()
        for pattern, codes in config.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) and any(
                finding.code.startswith(c.upper()) or finding.name == c.lower() for c in codes
            ):
                return True
    return False


def _under(path: Path, folder: Path) -> bool:
    if path == folder:
        return True
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
