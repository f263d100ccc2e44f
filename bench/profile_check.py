#!/usr/bin/env python3
"""Profile one cold `hartonomous check` in-process with cProfile, and say where the time goes.

Calls hartonomous_lsp.cli.main(["check", CORPUS, "--no-cache", "--exit-zero", "--format",
"json"]) with HARTONOMOUS_CACHE_DIR pointing at a fresh empty folder and stdout sent to a null
sink. Prints the top functions by cumulative time, then the self time grouped by
hartonomous_lsp subpackage (source, parse, catalog, rules, report, other), sqlglot, stdlib and
third-party code. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import importlib
import os
import pstats
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "wwi"
CACHE_ENV = "HARTONOMOUS_CACHE_DIR"
SUBPACKAGES = ("source", "parse", "catalog", "rules", "report")
BUCKET_ORDER = (
    *(f"hartonomous_lsp.{name}" for name in SUBPACKAGES),
    "hartonomous_lsp (other)",
    "sqlglot",
    "stdlib",
    "third-party",
    "unattributed",
    "profile harness",
)
HARNESS_FILE = Path(__file__).resolve()
# The parse forks worker processes above this many bytes; cProfile only sees this process.
POOL_SETTING = ("hartonomous_lsp.catalog.load", "POOL_THRESHOLD")
EXIT_USAGE = 2
# cProfile's key for one function: (filename, line number, function name).
FuncKey = tuple[str, int, str]
# pstats' value: (primitive calls, calls, self time, cumulative time, callers).
FuncStat = tuple[int, int, float, float, dict[FuncKey, tuple[int, int, float, float]]]


@dataclass
class Bucket:
    python_seconds: float = 0.0  # self time of Python functions in the bucket
    charged_seconds: float = 0.0  # C built-ins and generated code, charged to their callers

    @property
    def total(self) -> float:
        return self.python_seconds + self.charged_seconds


# --- arguments --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"folder to check (default: {DEFAULT_CORPUS})",
    )
    parser.add_argument(
        "--top", type=int, default=25, help="functions to list by cumulative time (default 25)"
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="profile a warm run instead: fill the cache with one run in a child process, "
        "then profile a run without --no-cache",
    )
    parser.add_argument(
        "--allow-workers",
        action="store_true",
        help="let the parse fork its worker processes (their work is then not in the profile)",
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="also save the raw profile (pstats format)"
    )
    return parser.parse_args(argv)


# --- running ----------------------------------------------------------------------------


@contextlib.contextmanager
def environment(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            del os.environ[name]
        else:
            os.environ[name] = previous


@contextlib.contextmanager
def in_process_parsing(allow_workers: bool) -> Iterator[str]:
    """Raise the parse's pool threshold out of reach for the run; yields what was done."""
    module_name, attribute = POOL_SETTING
    module = sys.modules.get(module_name)
    if allow_workers or module is None or not hasattr(module, attribute):
        reason = "--allow-workers" if allow_workers else f"{module_name}.{attribute} not found"
        yield (
            f"parse workers: left as the tool has them ({reason}); "
            "work in child processes is not in the profile"
        )
        return
    previous = getattr(module, attribute)
    setattr(module, attribute, sys.maxsize)
    try:
        yield f"parse workers: none, {attribute} raised for the run so cProfile sees the parse"
    finally:
        setattr(module, attribute, previous)


def check_argv(corpus: Path, warm: bool) -> list[str]:
    cache = [] if warm else ["--no-cache"]
    return ["check", str(corpus), *cache, "--exit-zero", "--format", "json"]


def import_cli() -> tuple[Callable[[list[str]], object], Path, float]:
    """The CLI entry point, the package folder, and the import time (not profiled).

    The module that holds the parse pool setting is imported here too, so it can be patched.
    """
    start = time.perf_counter()
    import hartonomous_lsp
    from hartonomous_lsp import cli

    with contextlib.suppress(ImportError):
        importlib.import_module(POOL_SETTING[0])
    seconds = time.perf_counter() - start
    return cli.main, Path(hartonomous_lsp.__file__).resolve().parent, seconds


def fill_cache(corpus: Path) -> None:
    """One run in a child process, so the profiled run starts with no in-memory state."""
    code = "import sys; from hartonomous_lsp.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = [sys.executable, "-c", code, *check_argv(corpus, warm=True)]
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
    if done.returncode == EXIT_USAGE:
        raise SystemExit(f"profile_check: the cache-filling run exited with {EXIT_USAGE}")


def exit_code(main: Callable[[list[str]], object], argv: list[str]) -> int:
    try:
        result = main(argv)
    except SystemExit as stop:
        result = stop.code
    return result if isinstance(result, int) else (0 if result is None else 1)


def profile_main(
    main: Callable[[list[str]], object], argv: list[str]
) -> tuple[cProfile.Profile, float, int]:
    profiler = cProfile.Profile()
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        start = time.perf_counter()
        profiler.enable()
        try:
            code = exit_code(main, argv)
        finally:
            profiler.disable()
        seconds = time.perf_counter() - start
    return profiler, seconds, code


# --- classifying ------------------------------------------------------------------------


@functools.cache
def site_roots() -> list[Path]:
    paths = sysconfig.get_paths()
    return [Path(paths[key]).resolve() for key in ("purelib", "platlib")]


@functools.cache
def stdlib_roots() -> list[Path]:
    paths = sysconfig.get_paths()
    return [Path(paths[key]).resolve() for key in ("stdlib", "platstdlib")]


def is_within(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def is_charged_to_caller(filename: str) -> bool:
    """C built-ins ("~") and generated code ("<string>"); frozen modules are stdlib."""
    return filename == "~" or (filename.startswith("<") and not filename.startswith("<frozen"))


def classify_file(filename: str, package_dir: Path) -> str:
    if filename.startswith("<frozen"):
        return "stdlib"
    path = Path(filename).resolve()
    if path == HARNESS_FILE:
        return "profile harness"
    if path.is_relative_to(package_dir):
        top = path.relative_to(package_dir).parts[0]
        return f"hartonomous_lsp.{top}" if top in SUBPACKAGES else "hartonomous_lsp (other)"
    if "sqlglot" in path.parts or "sqlglotc" in path.parts:
        return "sqlglot"
    if is_within(path, site_roots()):
        return "third-party"
    return "stdlib" if is_within(path, stdlib_roots()) else "third-party"


class Classifier:
    """Buckets for cProfile entries, charging C built-ins to the code that called them."""

    def __init__(self, stats: dict[FuncKey, FuncStat], package_dir: Path) -> None:
        self.stats = stats
        self.package_dir = package_dir
        self.file_buckets: dict[str, str] = {}

    def file_bucket(self, filename: str) -> str:
        if filename not in self.file_buckets:
            self.file_buckets[filename] = classify_file(filename, self.package_dir)
        return self.file_buckets[filename]

    def shares(self, key: FuncKey, seen: frozenset[FuncKey] = frozenset()) -> dict[str, float]:
        """How one entry's self time splits over buckets (the shares sum to 1)."""
        if not is_charged_to_caller(key[0]):
            return {self.file_bucket(key[0]): 1.0}
        callers = self.stats[key][4] if key in self.stats else {}
        total = sum(entry[2] for entry in callers.values())
        if key in seen or total <= 0:
            return {"unattributed": 1.0}
        result: dict[str, float] = defaultdict(float)
        for caller, entry in callers.items():
            for bucket, share in self.shares(caller, seen | {key}).items():
                result[bucket] += share * entry[2] / total
        return result


def bucket_times(stats: dict[FuncKey, FuncStat], package_dir: Path) -> dict[str, Bucket]:
    classifier = Classifier(stats, package_dir)
    buckets: dict[str, Bucket] = defaultdict(Bucket)
    for key, (_, _, self_time, _, _) in stats.items():
        charged = is_charged_to_caller(key[0])
        for name, share in classifier.shares(key).items():
            if charged:
                buckets[name].charged_seconds += self_time * share
            else:
                buckets[name].python_seconds += self_time * share
    return buckets


# --- report -----------------------------------------------------------------------------


def short_name(key: FuncKey) -> str:
    filename, line, name = key
    if filename == "~" or filename.startswith("<"):
        return name if filename == "~" else f"{filename}:{line}({name})"
    path = Path(filename)
    for root in sorted(site_roots() + stdlib_roots() + [REPO_ROOT], key=lambda p: -len(p.parts)):
        if path.is_relative_to(root):
            return f"{path.relative_to(root)}:{line}({name})"
    return f"{filename}:{line}({name})"


def is_harness(key: FuncKey) -> bool:
    """This script's own frames and the profiler's disable() call."""
    if key[0] == "~":
        return "_lsprof.Profiler" in key[2]
    return not key[0].startswith("<") and Path(key[0]).resolve() == HARNESS_FILE


def format_calls(primitive: int, total: int) -> str:
    return str(total) if primitive == total else f"{total}/{primitive}"


def top_cumulative(stats: dict[FuncKey, FuncStat], count: int) -> list[str]:
    lines = [f"{'cum s':>8}  {'self s':>8}  {'calls':>12}  function"]
    own = [item for item in stats.items() if not is_harness(item[0])]
    ranked = sorted(own, key=lambda item: item[1][3], reverse=True)[:count]
    for key, (primitive, total, self_time, cumulative, _) in ranked:
        calls = format_calls(primitive, total)
        lines.append(f"{cumulative:8.3f}  {self_time:8.3f}  {calls:>12}  {short_name(key)}")
    return lines


def bucket_table(buckets: dict[str, Bucket]) -> list[str]:
    grand = sum(bucket.total for bucket in buckets.values()) or 1.0
    header = f"{'bucket':<26}{'self s':>9}{'%':>7}{'python s':>10}{'C/gen s':>9}"
    lines = [header, "-" * len(header)]
    for name in BUCKET_ORDER:  # every part, so a zero shows (sqlglot unused, no rules yet)
        bucket = buckets.get(name, Bucket())
        lines.append(
            f"{name:<26}{bucket.total:9.3f}{100 * bucket.total / grand:7.1f}"
            f"{bucket.python_seconds:10.3f}{bucket.charged_seconds:9.3f}"
        )
    lines.append(f"{'total':<26}{grand:9.3f}{100.0:7.1f}")
    return lines


def print_report(
    stats: dict[FuncKey, FuncStat], package_dir: Path, top: int, facts: list[str]
) -> None:
    for fact in facts:
        print(fact)
    print(f"\ntop {top} functions by cumulative time:")
    print("\n".join(top_cumulative(stats, top)))
    print("\nself time by part (C built-ins and generated code charged to their callers):")
    print("\n".join(bucket_table(bucket_times(stats, package_dir))))


# --- main -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"profile_check: corpus folder not found: {corpus}", file=sys.stderr)
        return 1
    cli_main, package_dir, import_seconds = import_cli()
    check = check_argv(corpus, args.warm)
    with (
        tempfile.TemporaryDirectory(prefix="hartonomous-profile-") as cache_dir,
        environment(CACHE_ENV, cache_dir),
    ):
        if args.warm:
            fill_cache(corpus)
        with in_process_parsing(args.allow_workers) as workers:
            profiler, seconds, code = profile_main(cli_main, check)
    if code == EXIT_USAGE:
        print(f"profile_check: hartonomous check exited with {EXIT_USAGE}", file=sys.stderr)
        return 1
    if args.output:
        profiler.dump_stats(args.output)
    stats: dict[FuncKey, FuncStat] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    facts = [
        f"profiled: hartonomous {' '.join(check)}  (exit {code})",
        f"import hartonomous_lsp.cli and {POOL_SETTING[0]}: {import_seconds:.3f} s "
        "(before profiling, not in the profile)",
        f"wall time under the profiler: {seconds:.3f} s (cProfile adds overhead)",
        workers,
    ]
    print_report(stats, package_dir, args.top, facts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
