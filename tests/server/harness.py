"""Starting the real server process under a pytest-lsp client, on a copy of a project."""

from __future__ import annotations

import asyncio
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Union

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "hartonomous_lsp"]
TIMEOUT = 20.0


def copy_project(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def uri(path: Path) -> str:
    return from_fs_path(str(path.resolve()))


@asynccontextmanager
async def lsp(
    folder: Path,
    *,
    capabilities: str = "visual-studio-code",
    options: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
) -> AsyncIterator[LanguageClient]:
    import os

    config = ClientServerConfig(server_command=SERVER, server_env={**os.environ, **(env or {})})
    client: LanguageClient = await config.start()  # type: ignore[assignment]
    _read_code_actions_right(client)
    caps = client_capabilities(capabilities)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=uri(folder),
            workspace_folders=[types.WorkspaceFolder(uri=uri(folder), name=folder.name)],
            initialization_options=options or {"diagnosticMode": "push"},
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


def _read_code_actions_right(client: LanguageClient) -> None:
    """lsprotocol 2025 reads any code-action result item with a ``command`` key as a bare
    ``Command``, even a ``CodeAction`` whose ``command`` is an object; clients tell them apart
    by the key's type, and so does this one."""
    converter = client.protocol._converter

    def hook(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)  # noqa: UP007 (the key lsprotocol registered)


def send_raw_request(client: LanguageClient, method: str, params: Any) -> asyncio.Future:
    """A request whose params are sent as they are, unchecked by lsprotocol (for malformed
    input); the answer comes back like any other."""
    msg_id = f"raw-{uuid.uuid4()}"
    future: Future[Any] = Future()
    protocol = client.protocol
    protocol._request_futures[msg_id] = future
    protocol._result_types[msg_id] = protocol.get_result_type(method)
    protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return asyncio.wrap_future(future)


def send_raw_bytes(client: LanguageClient, body: bytes) -> None:
    """One message frame with any body at all (not JSON, say)."""
    header = f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
    client.protocol.writer.write(header + body)


async def wait_until(predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


def open_file(client: LanguageClient, path: Path) -> str:
    u = uri(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=u, language_id="sql", version=1, text=path.read_text("utf-8-sig")
            )
        )
    )
    return u


def replace_text(client: LanguageClient, u: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=u, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def codes(client: LanguageClient, u: str) -> list[str]:
    return sorted(str(d.code) for d in client.diagnostics.get(u, []))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way an editor does."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(pos: types.Position) -> int:
        before = sum(len(line) for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return before + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line.rstrip("\r\n"))

    for e in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = offset(e.range.start), offset(e.range.end)
        text = text[:start] + e.new_text + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, u: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [
            e
            for change in edit.document_changes
            if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == u
            for e in change.edits
        ]
    return list((edit.changes or {}).get(u, []))
