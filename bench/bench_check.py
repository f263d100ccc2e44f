#!/usr/bin/env python3
"""Time `hartonomous check` against sqruff and sqlfluff on one corpus, side by side.

Measured, in one run:
  hartonomous cold  `check CORPUS --no-cache --exit-zero --format json`, N runs
  hartonomous warm  one untimed run that fills a fresh HARTONOMOUS_CACHE_DIR, then N runs
  sqruff            `sqruff lint --config <dialect = tsql>` on the explicit .sql file list
  sqlfluff          `sqlfluff lint --dialect tsql --processes 1` on the same list

sqruff 0.44 panics on UTF-16 files, so both peers get the .sql files that do not start with
a UTF-16 byte order mark; hartonomous gets the whole folder. See bench/README.md.
Standard library only: run it with the Python of the virtualenv that holds the tools.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "wwi"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Default `large_file_skip_byte_limit` of sqlfluff 4.x and sqruff 0.44 (both default configs).
PEER_DEFAULT_BYTE_LIMIT = 20_000
EXIT_USAGE = 2  # hartonomous: usage, config or I/O error
CACHE_ENV = "HARTONOMOUS_CACHE_DIR"
HART_ARGS = ("--exit-zero", "--format", "json")
TOOLS = ("hartonomous", "sqruff", "sqlfluff")


class BenchError(Exception):
    """A condition that makes the measurement meaningless: reported, exit 1."""


@dataclass
class Corpus:
    """The .sql files under the corpus folder, and the subset the peers can read."""

    root: Path
    sql_files: list[Path]
    peer_files: list[Path]

    @property
    def utf16_files(self) -> list[Path]:
        given = set(self.peer_files)
        return [p for p in self.sql_files if p not in given]


@dataclass
class Measurement:
    """The timed runs of one tool configuration."""

    tool: str
    files_given: int
    command: list[str]
    times: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def minimum(self) -> float:
        return min(self.times)


@dataclass
class PeerSkips:
    """What the peers' large-file skip leaves out of the files they are given."""

    large_file_skip_byte_limit: int
    limit_source: str
    files_given: int
    files_skipped: int
    bytes_given: int
    bytes_skipped: int
    skipped: list[str]


@dataclass
class RunOutcome:
    seconds: float
    returncode: int
    stderr: str
    stdout: bytes = b""


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
        "--repeat",
        type=positive_int,
        default=5,
        help="timed runs of hartonomous (cold and warm) and sqruff (default 5)",
    )
    parser.add_argument(
        "--repeat-sqlfluff",
        type=positive_int,
        default=1,
        help="timed runs of sqlfluff, which is slow (default 1)",
    )
    parser.add_argument("--skip-sqlfluff", action="store_true", help="leave sqlfluff out")
    parser.add_argument(
        "--peer-byte-limit",
        type=non_negative_int,
        default=None,
        metavar="N",
        help="set large_file_skip_byte_limit for sqruff and sqlfluff "
        "(0 disables skipping; default: the tools' own default, "
        f"{PEER_DEFAULT_BYTE_LIMIT})",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    return parser.parse_args(argv)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


# --- corpus and tools -------------------------------------------------------------------


def is_utf16(path: Path) -> bool:
    """Reads the whole file, which also puts it in the OS file cache before any timing."""
    return path.read_bytes()[:2] in UTF16_BOMS


def load_corpus(root: Path) -> Corpus:
    if not root.is_dir():
        raise BenchError(f"corpus folder not found: {root}")
    sql_files = sorted(p for p in root.rglob("*") if p.suffix.lower() == ".sql" and p.is_file())
    if not sql_files:
        raise BenchError(f"no .sql files under {root}")
    return Corpus(root, sql_files, [p for p in sql_files if not is_utf16(p)])


def find_tool(name: str) -> str | None:
    """The tool next to sys.executable (the active virtualenv) first, then on PATH."""
    beside_python = shutil.which(name, path=str(Path(sys.executable).parent))
    return beside_python or shutil.which(name)


def resolve_tools(names: Sequence[str]) -> dict[str, str]:
    found = {name: find_tool(name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        raise BenchError(
            f"tool not found next to {sys.executable} or on PATH: " + ", ".join(missing)
        )
    return {name: path for name, path in found.items() if path is not None}


def tool_version(executable: str) -> str:
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if done.returncode == 0 and text else "unknown"


def files_over_limit(files: Sequence[Path], limit: int) -> list[Path]:
    """Files a peer skips: both compare the size on disk with `> limit`; 0 disables."""
    return [p for p in files if limit and p.stat().st_size > limit]


# --- running ----------------------------------------------------------------------------


def run_once(
    command: Sequence[str], env: dict[str, str] | None = None, keep_stdout: bool = False
) -> RunOutcome:
    stdout = subprocess.PIPE if keep_stdout else subprocess.DEVNULL
    start = time.perf_counter()
    done = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.perf_counter() - start
    return RunOutcome(
        seconds, done.returncode, done.stderr.decode("utf-8", "replace"), done.stdout or b""
    )


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def check_hartonomous(outcome: RunOutcome) -> None:
    if outcome.returncode == EXIT_USAGE:
        raise BenchError(
            "hartonomous exited with 2 (usage, config or I/O error):\n" + tail(outcome.stderr)
        )
    if "Traceback (most recent call last)" in outcome.stderr:
        raise BenchError(
            f"hartonomous crashed (exit {outcome.returncode}):\n" + tail(outcome.stderr)
        )


def peer_check(tool: str) -> Callable[[RunOutcome], None]:
    """0 is clean and 1 is findings for both peers; a panic or any other code spoils the run."""

    def check(outcome: RunOutcome) -> None:
        if "panicked at" in outcome.stderr or outcome.returncode not in (0, 1):
            raise BenchError(f"{tool} failed (exit {outcome.returncode}):\n" + tail(outcome.stderr))

    return check


def measure(
    label: str,
    command: list[str],
    files_given: int,
    runs: int,
    check: Callable[[RunOutcome], None],
    env: dict[str, str] | None = None,
) -> Measurement:
    result = Measurement(label, files_given, command)
    for index in range(runs):
        outcome = run_once(command, env)
        check(outcome)
        result.times.append(outcome.seconds)
        result.exit_codes.append(outcome.returncode)
        print(f"  {label}: run {index + 1}/{runs} {outcome.seconds:.3f} s", file=sys.stderr)
    return result


def cache_env(cache_dir: Path) -> dict[str, str]:
    return {**os.environ, CACHE_ENV: str(cache_dir)}


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def bench_hartonomous_cold(
    exe: str, corpus: Corpus, runs: int, scratch: Path, notes: list[str]
) -> Measurement:
    """--no-cache, and an empty cache dir of its own so no earlier cache can be read."""
    cache_dir = scratch / "cache-cold"
    cache_dir.mkdir()
    command = [exe, "check", str(corpus.root), "--no-cache", *HART_ARGS]
    result = measure(
        "hartonomous cold",
        command,
        len(corpus.sql_files),
        runs,
        check_hartonomous,
        cache_env(cache_dir),
    )
    if count_files(cache_dir):
        notes.append(
            f"odd: --no-cache runs still wrote {count_files(cache_dir)} file(s) into {CACHE_ENV}."
        )
    return result


def count_findings(stdout: bytes) -> int | None:
    """The length of the JSON array `--format json` prints, or None if it is not one."""
    try:
        findings = json.loads(stdout)
    except ValueError:
        return None
    return len(findings) if isinstance(findings, list) else None


def bench_hartonomous_warm(
    exe: str, corpus: Corpus, runs: int, scratch: Path, notes: list[str]
) -> tuple[Measurement, RunOutcome]:
    """One untimed run fills the cache (its output is kept to count findings), then N runs."""
    cache_dir = scratch / "cache-warm"
    cache_dir.mkdir()
    env = cache_env(cache_dir)
    command = [exe, "check", str(corpus.root), *HART_ARGS]
    populate = run_once(command, env, keep_stdout=True)
    check_hartonomous(populate)
    print(f"  hartonomous warm: populate run {populate.seconds:.3f} s", file=sys.stderr)
    if not count_files(cache_dir):
        notes.append(f"odd: the populate run left {CACHE_ENV} empty, so 'warm' may be cold.")
    result = measure(
        "hartonomous warm", command, len(corpus.sql_files), runs, check_hartonomous, env
    )
    return result, populate


def write_peer_configs(scratch: Path, byte_limit: int | None) -> tuple[Path, Path | None]:
    """The sqruff config (always) and a sqlfluff one (only to override the byte limit)."""
    limit_line = "" if byte_limit is None else f"large_file_skip_byte_limit = {byte_limit}\n"
    sqruff_cfg = scratch / "sqruff.cfg"
    sqruff_cfg.write_text(f"[sqruff]\ndialect = tsql\n{limit_line}", encoding="utf-8")
    if byte_limit is None:
        return sqruff_cfg, None
    sqlfluff_cfg = scratch / "sqlfluff.cfg"
    sqlfluff_cfg.write_text(f"[sqlfluff]\n{limit_line}", encoding="utf-8")
    return sqruff_cfg, sqlfluff_cfg


def sqruff_command(exe: str, config: Path, files: Sequence[Path]) -> list[str]:
    return [exe, "lint", "--config", str(config), *map(str, files)]


def sqlfluff_command(exe: str, config: Path | None, files: Sequence[Path]) -> list[str]:
    extra = [] if config is None else ["--config", str(config)]
    return [exe, "lint", "--dialect", "tsql", "--processes", "1", *extra, *map(str, files)]


# --- report -----------------------------------------------------------------------------


def ratio(value: float, reference: float) -> float:
    return value / reference if reference > 0 else float("nan")


def table_rows(
    results: Sequence[Measurement], cold: Measurement, warm: Measurement
) -> list[list[str]]:
    header = ["tool", "files given", "runs", "median s", "min s", "/ hart cold", "/ hart warm"]
    rows = [header]
    for item in results:
        rows.append(
            [
                item.tool,
                str(item.files_given),
                str(len(item.times)),
                f"{item.median:.3f}",
                f"{item.minimum:.3f}",
                f"{ratio(item.median, cold.median):.2f}x",
                f"{ratio(item.median, warm.median):.2f}x",
            ]
        )
    return rows


def format_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratio_sentence(peer: Measurement, reference: Measurement) -> str:
    value = ratio(peer.median, reference.median)
    verdict = (
        f"hartonomous is {value:.1f}x faster"
        if value >= 1
        else f"hartonomous is {1 / value:.1f}x slower"
    )
    return f"{peer.tool} / {reference.tool} = {value:.1f}x ({verdict})"


def peer_skips(corpus: Corpus, byte_limit: int | None) -> PeerSkips:
    limit = PEER_DEFAULT_BYTE_LIMIT if byte_limit is None else byte_limit
    skipped = files_over_limit(corpus.peer_files, limit)
    return PeerSkips(
        large_file_skip_byte_limit=limit,
        limit_source="tool default" if byte_limit is None else "--peer-byte-limit",
        files_given=len(corpus.peer_files),
        files_skipped=len(skipped),
        bytes_given=sum(p.stat().st_size for p in corpus.peer_files),
        bytes_skipped=sum(p.stat().st_size for p in skipped),
        skipped=[str(p.relative_to(corpus.root)) for p in skipped],
    )


def fairness_notes(corpus: Corpus, skips: PeerSkips, peers: str) -> list[str]:
    notes = [
        f"hartonomous is given the folder ({len(corpus.sql_files)} .sql files); the peers "
        f"({peers}) are given {len(corpus.peer_files)} files by name: the "
        f"{len(corpus.utf16_files)} UTF-16 file(s) are left out because sqruff 0.44 panics "
        "on them.",
    ]
    if skips.large_file_skip_byte_limit:
        share = 100 * ratio(skips.bytes_skipped, skips.bytes_given)
        notes.append(
            f"the peers ({peers}) skip files larger than large_file_skip_byte_limit "
            f"({skips.large_file_skip_byte_limit} bytes, {skips.limit_source}): "
            f"{skips.files_skipped} of the {skips.files_given} files given "
            f"({skips.bytes_skipped} of {skips.bytes_given} bytes, {share:.0f}%) are not "
            "linted by them, while hartonomous reads every file. --peer-byte-limit 0 lints "
            "everything (sqlfluff then takes a very long time)."
        )
    else:
        notes.append(f"the peers ({peers}) skip no file: large_file_skip_byte_limit = 0.")
    sqlfluff_part = "; sqlfluff runs with --processes 1" if "sqlfluff" in peers else ""
    notes.append(
        f"sqruff lints files in parallel on all {os.cpu_count()} CPUs{sqlfluff_part}; "
        "hartonomous forks parse workers when it has a lot to parse (bench/README.md)."
    )
    return notes


def print_report(results: list[Measurement], notes: list[str], header: list[str]) -> None:
    cold, warm = results[0], results[1]
    print("\n".join(header))
    print()
    print(format_table(table_rows(results, cold, warm)))
    print()
    for peer in results[2:]:
        print(ratio_sentence(peer, cold))
        print(ratio_sentence(peer, warm))
    print()
    for note in notes:
        print(f"note: {note}")


def short_command(command: Sequence[str], files: int) -> list[str]:
    """The command with the explicit file list replaced by a count."""
    head = [arg for arg in command if not arg.lower().endswith(".sql")]
    return [*head, f"<{files} files>"] if len(head) < len(command) else list(command)


def results_json(
    results: list[Measurement], corpus: Corpus, versions: dict[str, str], notes: list[str]
) -> dict[str, object]:
    cold, warm = results[0], results[1]
    return {
        "corpus": str(corpus.root),
        "sql_files": len(corpus.sql_files),
        "utf16_files": [str(p.relative_to(corpus.root)) for p in corpus.utf16_files],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "versions": versions,
        "results": [
            {
                "tool": item.tool,
                "files_given": item.files_given,
                "runs": len(item.times),
                "median_seconds": item.median,
                "min_seconds": item.minimum,
                "times_seconds": item.times,
                "exit_codes": item.exit_codes,
                "ratio_to_cold": ratio(item.median, cold.median),
                "ratio_to_warm": ratio(item.median, warm.median),
                "command": short_command(item.command, item.files_given),
            }
            for item in results
        ],
        "notes": notes,
    }


def populate_note(populate: RunOutcome, findings: int | None) -> str:
    reported = "output that is not a JSON array" if findings is None else f"{findings} finding(s)"
    seconds = f"{populate.seconds:.3f}"
    return f"warm: the untimed run that filled the cache took {seconds} s and printed {reported}."


# --- main -------------------------------------------------------------------------------


def run_tools(
    args: argparse.Namespace, corpus: Corpus, tools: dict[str, str], notes: list[str]
) -> tuple[list[Measurement], RunOutcome]:
    """hartonomous cold, hartonomous warm, sqruff and (unless skipped) sqlfluff, in order."""
    given = len(corpus.peer_files)
    with tempfile.TemporaryDirectory(prefix="hartonomous-bench-") as tmp:
        scratch = Path(tmp)
        exe = tools["hartonomous"]
        cold = bench_hartonomous_cold(exe, corpus, args.repeat, scratch, notes)
        warm, populate = bench_hartonomous_warm(exe, corpus, args.repeat, scratch, notes)
        sqruff_cfg, sqlfluff_cfg = write_peer_configs(scratch, args.peer_byte_limit)
        command = sqruff_command(tools["sqruff"], sqruff_cfg, corpus.peer_files)
        results = [cold, warm, measure("sqruff", command, given, args.repeat, peer_check("sqruff"))]
        if "sqlfluff" in tools:
            command = sqlfluff_command(tools["sqlfluff"], sqlfluff_cfg, corpus.peer_files)
            check = peer_check("sqlfluff")
            results.append(measure("sqlfluff", command, given, args.repeat_sqlfluff, check))
    return results, populate


def run_bench(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.corpus.resolve())
    tools = resolve_tools([t for t in TOOLS if not (args.skip_sqlfluff and t == "sqlfluff")])
    versions = {name: tool_version(path) for name, path in tools.items()}
    odd: list[str] = []
    results, populate = run_tools(args, corpus, tools, odd)
    skips = peer_skips(corpus, args.peer_byte_limit)
    findings = count_findings(populate.stdout)
    peers = ", ".join(name for name in tools if name != "hartonomous")
    notes = [*fairness_notes(corpus, skips, peers), populate_note(populate, findings), *odd]
    header = [f"corpus: {corpus.root}"] + [f"{name}: {v}" for name, v in versions.items()]
    print_report(results, notes, header)
    if args.json:
        payload = results_json(results, corpus, versions, notes)
        payload |= {
            "warm_populate_seconds": populate.seconds,
            "hartonomous_findings": findings,
            "peer_large_file_skip": asdict(skips),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run_bench(args)
    except BenchError as error:
        print(f"bench_check: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
