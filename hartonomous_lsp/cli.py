"""``hartonomous``: argument handling only; the engine does the work."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as ruff's do
        self.print_usage(sys.stderr)
        print(f"hartonomous: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _codes(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hartonomous", description="A T-SQL schema auditor for SQL Server projects."
    )
    parser.add_argument("--version", action="version", version=f"hartonomous {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check files or projects for defects")
    check.add_argument("paths", nargs="*", type=Path, default=[Path(".")])
    check.add_argument(
        "--format",
        choices=["text", "json", "sarif", "github"],
        default=None,
        help="output format (default: github inside GitHub Actions, text elsewhere)",
    )
    check.add_argument(
        "--select", type=_codes, default=None, help="rules to run (codes, prefixes or names)"
    )
    check.add_argument("--ignore", type=_codes, default=[], help="rules to leave out")
    check.add_argument(
        "--extend-select", type=_codes, default=[], help="rules to add to the selection"
    )
    check.add_argument(
        "--target", choices=["sql2016", "sql2017", "sql2019", "sql2022", "sql2025", "azure-sql"]
    )
    check.add_argument("--config", type=Path, default=None)
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file, neither reading nor writing the cache",
    )
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument(
        "--fix", action="store_true", help="apply fixes (safe ones unless --unsafe-fixes)"
    )
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="also offer and apply unsafe fixes"
    )
    check.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff instead of writing them"
    )
    check.add_argument(
        "--verbose", action="store_true", help="also list constructs the parser skipped"
    )
    check.add_argument(
        "--exit-non-zero-on-fix",
        action="store_true",
        help="exit 1 when --fix changed a file, even if nothing is left (for fix hooks)",
    )
    check.add_argument(
        "--staged",
        action="store_true",
        help="check the git index (what a commit would contain), for the staged files",
    )

    catalog = sub.add_parser("catalog", help="print the project model")
    catalog.add_argument("paths", nargs="*", type=Path, default=[Path(".")])
    catalog.add_argument("--format", choices=["json", "text"], default="text")
    catalog.add_argument("--config", type=Path, default=None)
    catalog.add_argument("--no-cache", action="store_true")

    rule = sub.add_parser("rule", help="show a rule's documentation")
    rule.add_argument("selector", help="a rule code (HT101) or name (schema-only-durability)")
    sub.add_parser("rules", help="list every rule")
    audit = sub.add_parser("audit", help="write the project's audit report")
    audit.add_argument("path", nargs="?", type=Path, default=Path("."))
    audit.add_argument("--format", choices=["md", "html", "json"], default="md")
    audit.add_argument("-o", "--output", type=Path, default=None, help="write to FILE")
    audit.add_argument("--config", type=Path, default=None)
    audit.add_argument(
        "--explain-score", action="store_true", help="print how tables are scored and exit"
    )
    hook = sub.add_parser("install-hook", help="install the plain git pre-commit hook")
    hook.add_argument("--force", action="store_true", help="replace a different existing hook")
    server = sub.add_parser("server", help="run the language server (LSP over stdio)")
    server.add_argument("--stdio", action="store_true", help="accepted for editors that pass it")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check_staged(args) if args.staged else _check(args)
        if args.command == "audit":
            if args.explain_score:
                from .audit.score import EXPLANATION

                print(EXPLANATION, end="")
                return EXIT_CLEAN
            from .audit.command import run_audit

            return run_audit(args.path, args.format, args.output, args.config)
        if args.command == "install-hook":
            from .install_hook import install

            return install(Path.cwd(), args.force)
        if args.command == "catalog":
            return _catalog(args)
        if args.command == "rule":
            return _rule(args.selector)
        if args.command == "rules":
            return _rules()
        if args.command == "server":
            from .server.app import run

            run()
            return EXIT_CLEAN
    except BrokenPipeError:
        return EXIT_CLEAN
    return EXIT_ERROR


def _analyze(args: argparse.Namespace, **kwargs):
    from .config import ConfigError
    from .engine import analyze

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"hartonomous: error: {missing[0]}: no such file or directory", file=sys.stderr)
        return None
    try:
        return analyze(
            list(args.paths), config_path=args.config, use_cache=not args.no_cache, **kwargs
        )
    except ConfigError as exc:
        print(f"hartonomous: error: {exc}", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    from .engine import Selection
    from .report.text import Painter, render_text, statistics, summary_line
    from .rules.base import unknown_selectors

    unknown = unknown_selectors([*(args.select or []), *args.ignore, *args.extend_select])
    if unknown:
        print(f"hartonomous: error: unknown rule selector {unknown[0]!r}", file=sys.stderr)
        return EXIT_ERROR
    selection = Selection(args.select, list(args.ignore), list(args.extend_select))
    analysis = _analyze(args, target=args.target, selection=selection)
    if analysis is None:
        return EXIT_ERROR
    fixed = 0
    if args.diff:
        return _diff(analysis, args.unsafe_fixes)
    if args.fix:
        analysis, fixed = _fix_loop(args, analysis, selection)
        if analysis is None:
            return EXIT_ERROR
    sources = {p: f for lp in analysis.projects for p, f in lp.files.items()}
    findings = analysis.findings
    fmt = args.format or _default_format()
    if args.statistics and args.format in (None, "text"):
        fmt = "text"  # --statistics wins over the implicit github format, not an explicit one
    if fmt == "json":
        from .report.json_report import render_json

        print(render_json(findings, sources))
    elif fmt == "sarif":
        from .report.sarif import render_sarif

        print(render_sarif(findings, sources))
    elif fmt == "github":
        from .report.github import render_github

        if findings:
            print(render_github(findings, sources))
    elif args.statistics:
        if findings:
            print(statistics(findings))
    else:
        paint = Painter(sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        body = render_text(findings, sources, paint, unsafe=args.unsafe_fixes)
        if body:
            print(body)
        if fixed:
            print(f"Fixed {fixed} error{'s' if fixed != 1 else ''}.")
        print(summary_line(findings, unsafe=args.unsafe_fixes, fixed=fixed))
    if args.verbose:
        _print_skipped(analysis)
    if args.exit_non_zero_on_fix and fixed:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if findings and not args.exit_zero else EXIT_CLEAN


def _check_staged(args: argparse.Namespace) -> int:
    """``check`` on the staged files, judged against the staged project, with paths shown
    relative to the repository's root."""
    import tempfile

    from .git_stage import GitError, repo_root, snapshot

    if args.fix or args.diff:
        print(
            "hartonomous: error: --staged cannot be combined with --fix or --diff", file=sys.stderr
        )
        return EXIT_ERROR
    here = Path.cwd()
    try:
        root = repo_root(here)
        with tempfile.TemporaryDirectory(prefix="hartonomous-staged-") as tmp:
            staged = snapshot(root, Path(tmp))
            if not staged.changed:
                return EXIT_CLEAN
            args.paths = [Path(p) for p in staged.changed]
            os.chdir(staged.root)
            try:
                return _check(args)
            finally:
                os.chdir(here)
    except GitError as exc:
        print(f"hartonomous: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _default_format() -> str:
    """``github`` inside GitHub Actions (``GITHUB_ACTIONS=true``), ``text`` elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _sources(analysis):
    return {p: f.source for lp in analysis.projects for p, f in lp.files.items()}


def _fix_loop(args, analysis, selection):
    """Apply fixes, re-check, repeat until nothing more applies (as ruff, at most 10 passes)."""
    from .fixes.apply import plan_fixes, write_fixes

    fixed = 0
    for _ in range(10):
        plan = plan_fixes(analysis.findings, _sources(analysis), args.unsafe_fixes)
        if not plan.applied:
            break
        write_fixes(plan)
        fixed += len(plan.applied)
        analysis = _analyze(args, target=args.target, selection=selection)
        if analysis is None:
            return None, fixed
    return analysis, fixed


def _diff(analysis, unsafe: bool) -> int:
    from .fixes.apply import plan_fixes, unified_diff
    from .report.locate import display_path

    plan = plan_fixes(analysis.findings, _sources(analysis), unsafe)
    text = unified_diff(plan, display_path)
    if text:
        sys.stdout.write(text)
    n = len(plan.applied)
    print(
        f"Would fix {n} error{'s' if n != 1 else ''}." if n else "No fixes available.",
        file=sys.stderr,
    )
    return EXIT_FINDINGS if n else EXIT_CLEAN


def _print_skipped(analysis) -> None:
    from .report.locate import display_path

    for lp in analysis.projects:
        for path, source in lp.files.items():
            for skipped in source.parsed.skipped:
                line, _ = source.source.position(skipped.span[0])
                print(
                    f"{display_path(path)}:{line + 1}: skipped (not modeled): {skipped.message}",
                    file=sys.stderr,
                )


def _catalog(args: argparse.Namespace) -> int:
    from .engine import Selection
    from .report.catalog_report import render_catalog_json, render_catalog_text

    analysis = _analyze(args, selection=Selection(select=[]))
    if analysis is None:
        return EXIT_ERROR
    if args.format == "json":
        print(render_catalog_json(analysis.projects))
    else:
        print(render_catalog_text(analysis.projects))
    return EXIT_CLEAN


def _rule(selector: str) -> int:
    from .rules.base import find_rule
    from .rules.docs import rule_markdown

    rule = find_rule(selector)
    if rule is None:
        print(
            f"hartonomous: error: no rule {selector!r} (see `hartonomous rules`)", file=sys.stderr
        )
        return EXIT_ERROR
    print(rule_markdown(rule))
    return EXIT_CLEAN


def _rules() -> int:
    from .rules.base import all_rules

    for rule in all_rules():
        fix = {"always": "[*]", "sometimes": "[-]"}.get(rule.fix, "   ")
        print(f"{rule.code}  {fix} {rule.name:<32} {rule.summary}")
    return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
