"""The language server under an editor's load, on WideWorldImporters, in one run.

Starts the real server (``python -m hartonomous_lsp``) over stdio with pygls' client, on a
copy of the WWI SSDT project, and measures:

- index: from ``initialized`` to the end of the ``$/progress`` report (cold parse cache);
- edit latency: ``didChange`` on a 2,000-line file of the project to the
  ``publishDiagnostics`` for that version (p50, p95, max), each edit toggling a broken CREATE TABLE
  in the middle of the file so that every edit changes what is published;
- cross-file latency: ``didChange`` on one table's file (adding or removing an index on
  another table) to the ``publishDiagnostics`` of the other table's open file (HT502 comes
  and goes there);
- memory: the server's resident set (VmRSS) and its peak (VmHWM) after all of it.

Standard library and pygls only. ``python bench/bench_server.py [--edits N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "wwi"
PROJECT = "wwi-ssdt/wwi-ssdt"
BIG = "PostDeploymentScripts/pds150-ins-app-cities-h.sql"  # 2,077 lines
ORDERS = "Sales/Tables/Orders.sql"  # HT502 on BackorderOrderID
ORDER_LINES = "Sales/Tables/OrderLines.sql"
CROSS_INDEX = "\nCREATE INDEX IX_Bench_Backorder ON Sales.Orders (BackorderOrderID);\n"
TARGETS = {"p50_ms": 30, "p95_ms": 100, "cross_file_ms": 150, "rss_mib": 150}


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("hartonomous-bench", "1")
        self.published: dict[str, asyncio.Queue] = {}
        self.progress_done = asyncio.Event()
        self.progress_tokens: set[str] = set()


def _wire(client: Client) -> None:
    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        client.published.setdefault(params.uri, asyncio.Queue()).put_nowait(
            (time.perf_counter(), params)
        )

    @client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def _create(params: types.WorkDoneProgressCreateParams) -> None:
        client.progress_tokens.add(str(params.token))

    @client.feature(types.PROGRESS)
    def _progress(params: types.ProgressParams) -> None:
        value = params.value if isinstance(params.value, dict) else {}
        if value.get("kind") == "end":
            client.progress_done.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def _log(params: types.LogMessageParams) -> None:
        if params.type == types.MessageType.Error:
            print(f"server error: {params.message}", file=sys.stderr)


def uri(path: Path) -> str:
    return from_fs_path(str(path))


def open_doc(client: Client, path: Path) -> str:
    u = uri(path)
    client.published.setdefault(u, asyncio.Queue())
    text = path.read_bytes().decode("utf-8-sig")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(u, "sql", 1, text))
    )
    return u


def change(client: Client, u: str, version: int, text: str) -> float:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=u, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return time.perf_counter()


async def next_publish(client: Client, u: str, predicate) -> tuple[float, object]:
    queue = client.published[u]
    while True:
        at, params = await asyncio.wait_for(queue.get(), timeout=30)
        if predicate(params):
            return at, params


def drain(client: Client) -> None:
    for queue in client.published.values():
        while not queue.empty():
            queue.get_nowait()


def memory(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(edits: int, cross_edits: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="hartonomous-bench-server-"))
    project = Path(shutil.copytree(CORPUS / PROJECT, work / "wwi-ssdt"))
    env = {**os.environ, "HARTONOMOUS_CACHE_DIR": str(work / "cache")}  # a cold index
    client = Client()
    _wire(client)
    await client.start_io(sys.executable, "-m", "hartonomous_lsp", env=env)
    pid = client._server.pid  # type: ignore[attr-defined]
    try:
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(
                    window=types.WindowClientCapabilities(work_done_progress=True),
                    text_document=types.TextDocumentClientCapabilities(
                        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                            version_support=True
                        )
                    ),
                ),
                root_uri=uri(project),
                workspace_folders=[types.WorkspaceFolder(uri(project), "wwi")],
                initialization_options={"diagnosticMode": "push"},
            )
        )
        started = time.perf_counter()
        client.initialized(types.InitializedParams())
        await asyncio.wait_for(client.progress_done.wait(), timeout=120)
        index_s = time.perf_counter() - started

        big = project / BIG
        u = open_doc(client, big)
        await next_publish(client, u, lambda p: True)
        lines = big.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
        middle = len(lines) // 2
        broken = "".join([*lines[:middle], "CREATE TABLE dbo.Bench (a INT,,);\n", *lines[middle:]])
        clean = "".join(lines)
        latencies = []
        for n in range(edits):
            version = n + 2
            sent = change(client, u, version, broken if n % 2 == 0 else clean)
            at, _ = await next_publish(client, u, lambda p, v=version: p.version == v)
            latencies.append((at - sent) * 1000)
            await asyncio.sleep(0.02)  # typing pace: each edit analysed on its own

        orders = open_doc(client, project / ORDERS)
        lines_uri = open_doc(client, project / ORDER_LINES)
        await next_publish(client, orders, lambda p: True)
        drain(client)
        base = (project / ORDER_LINES).read_bytes().decode("utf-8-sig")
        cross = []
        for n in range(cross_edits):
            adding = n % 2 == 0
            sent = change(client, lines_uri, n + 2, base + CROSS_INDEX if adding else base)

            def settled(p, adding=adding) -> bool:
                flagged = any(
                    d.code == "HT502" and "BackorderOrderID" in d.message for d in p.diagnostics
                )
                return flagged != adding

            at, _ = await next_publish(client, orders, settled)
            cross.append((at - sent) * 1000)
            await asyncio.sleep(0.02)
        mem = memory(pid)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        shutil.rmtree(work, ignore_errors=True)

    return {
        "files": sum(1 for _ in (CORPUS / PROJECT).rglob("*.sql")),
        "index_s": index_s,
        "edit_file_lines": len(lines),
        "edit_ms": {
            "n": len(latencies),
            "p50": statistics.median(latencies),
            "p95": percentile(latencies, 0.95),
            "max": max(latencies),
        },
        "cross_file_ms": {
            "n": len(cross),
            "p50": statistics.median(cross),
            "p95": percentile(cross, 0.95),
            "max": max(cross),
        },
        "rss_mib": mem.get("VmRSS"),
        "peak_rss_mib": mem.get("VmHWM"),
    }


def report(r: dict) -> str:
    e, c = r["edit_ms"], r["cross_file_ms"]

    def mark(value: float, target: float) -> str:
        return "ok" if value <= target else "MISSED"

    rows = [
        ("index WWI (cold cache)", f"{r['index_s'] * 1000:.0f} ms", f"{r['files']} files", ""),
        (
            f"edit -> diagnostics, {r['edit_file_lines']}-line file",
            f"p50 {e['p50']:.1f} ms / p95 {e['p95']:.1f} ms",
            f"max {e['max']:.1f} ms, {e['n']} edits",
            f"p50 ≤ 30: {mark(e['p50'], 30)}; p95 ≤ 100: {mark(e['p95'], 100)}",
        ),
        (
            "cross-file update",
            f"p50 {c['p50']:.1f} ms / p95 {c['p95']:.1f} ms",
            f"max {c['max']:.1f} ms, {c['n']} edits",
            f"≤ 150: {mark(c['p95'], 150)} (p95)",
        ),
        (
            "server memory",
            f"RSS {r['rss_mib']:.0f} MiB",
            f"peak {r['peak_rss_mib']:.0f} MiB",
            f"≤ 150: {mark(r['peak_rss_mib'], 150)} (peak)",
        ),
    ]
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, width, strict=True)) for row in rows
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--cross-edits", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = asyncio.run(run(args.edits, args.cross_edits))
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
