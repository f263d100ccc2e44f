"""The rule framework: findings, fixes as text edits, and the registry of rule modules.

A rule is one module under ``rules/<family>/`` named ``ht<code>_<name>.py``. Its docstring is
its documentation (sections as in ruff), and it defines ``CODE``, ``NAME``, ``SUMMARY``,
``SEVERITY``, ``FIX`` (always | sometimes | never), ``OPTIONS`` (name -> default), ``BAD`` and
``GOOD`` (example SQL) and ``check(ctx)``, which yields findings. Adding a rule means adding
one file.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..parse.nodes import Span

if TYPE_CHECKING:
    from ..catalog.load import LoadedProject, SourceFile
    from ..catalog.model import Catalog

SAFE = "safe"
UNSAFE = "unsafe"


@dataclass(slots=True)
class Edit:
    path: Path
    start: int  # offsets into the file's decoded text
    end: int
    content: str


@dataclass(slots=True)
class Fix:
    title: str
    applicability: str  # safe | unsafe
    edits: list[Edit]


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    message: str
    severity: str
    path: Path
    span: Span
    fix: Fix | None = None


@dataclass(slots=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: str
    fix: str
    options: dict[str, Any]
    bad: str
    good: str
    docs: str
    check: Callable[[Context], Iterable[Finding]]
    family: str

    @property
    def selectors(self) -> tuple[str, str]:
        return (self.code, self.name)


@dataclass(slots=True)
class Context:
    """What a rule sees: the project, its catalog, the target and the rule's options."""

    loaded: LoadedProject
    catalog: Catalog
    rule: Rule
    options: dict[str, Any]
    only: set[Path] | None = None  # a script on top of the model: report only in it
    _findings: list[Finding] = field(default_factory=list)

    @property
    def target(self) -> str:
        return self.loaded.project.target

    @property
    def sqlproj(self):
        return self.loaded.project.sqlproj

    def file(self, path: str | Path) -> SourceFile:
        return self.loaded.files[Path(path)]

    def finding(
        self,
        path: str | Path,
        span: Span,
        message: str,
        fix: Fix | None = None,
        severity: str | None = None,
    ) -> Finding:
        return Finding(
            self.rule.code,
            self.rule.name,
            message,
            severity or self.rule.severity,
            Path(path),
            span,
            fix,
        )


_MODULE_NAME = re.compile(r"^ht(\d{3})_[a-z0-9_]+$")


def _rule_from_module(module: ModuleType, family: str) -> Rule:
    return Rule(
        code=module.CODE,
        name=module.NAME,
        summary=module.SUMMARY,
        severity=module.SEVERITY,
        fix=module.FIX,
        options=dict(getattr(module, "OPTIONS", {})),
        bad=getattr(module, "BAD", "").strip("\n"),
        good=getattr(module, "GOOD", "").strip("\n"),
        docs=(module.__doc__ or "").strip(),
        check=module.check,
        family=family,
    )


@cache
def all_rules() -> tuple[Rule, ...]:
    from .. import rules as package

    found = []
    for family in pkgutil.iter_modules(package.__path__):
        if not family.ispkg:
            continue
        family_pkg = importlib.import_module(f"{package.__name__}.{family.name}")
        for info in pkgutil.iter_modules(family_pkg.__path__):
            if _MODULE_NAME.match(info.name):
                module = importlib.import_module(f"{family_pkg.__name__}.{info.name}")
                found.append(_rule_from_module(module, family.name))
    # Rules of one's own, outside the package: importable modules of the same anatomy.
    for name in os.environ.get("HARTONOMOUS_RULE_MODULES", "").split(","):
        if name.strip():
            module = importlib.import_module(name.strip())
            found.append(_rule_from_module(module, getattr(module, "FAMILY", "local")))
    return tuple(sorted(found, key=lambda r: r.code))


def find_rule(selector: str) -> Rule | None:
    wanted = selector.strip().lower()
    for rule in all_rules():
        if wanted in (rule.code.lower(), rule.name):
            return rule
    return None


def select_rules(
    select: list[str] | None, ignore: list[str], extend_select: list[str] | None = None
) -> list[Rule]:
    """Rules chosen by code, code prefix (``HT1``, ``HT``, ``ALL``) or name."""

    def matches(rule: Rule, selector: str) -> bool:
        s = selector.strip()
        return s.upper() == "ALL" or rule.code.startswith(s.upper()) or rule.name == s.lower()

    chosen = [
        r
        for r in all_rules()
        if (select is None or any(matches(r, s) for s in select))
        or any(matches(r, s) for s in extend_select or [])
    ]
    return [r for r in chosen if not any(matches(r, s) for s in ignore)]


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    out = []
    for s in selectors:
        t = s.strip()
        if t.upper() == "ALL" or any(
            r.code.startswith(t.upper()) or r.name == t.lower() for r in all_rules()
        ):
            continue
        out.append(s)
    return out


def iter_findings(ctx: Context) -> Iterator[Finding]:
    for finding in ctx.rule.check(ctx):
        if ctx.only is None or finding.path in ctx.only:
            yield finding
