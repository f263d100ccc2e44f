"""The language server: LSP in and out, the engine's live workspace in the middle.

Everything here translates; nothing parses SQL or decides a finding. Handlers run on the event
loop one at a time, so the workspace is only ever touched from there; indexing runs in a thread
on a workspace of its own and is swapped in when done.
"""

from __future__ import annotations

import asyncio
import json
import traceback
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..catalog.cache import ParseCache, default_cache_dir
from ..catalog.symbols import SymbolIndex, build_index
from ..live import LiveProject, LiveWorkspace, Settings
from ..rules.base import Finding
from ..source.text import SourceText, try_read_source
from . import actions, navigation
from .convert import EditTarget, diagnostic, workspace_edit
from .docs_pages import write_docs
from .positions import to_offset
from .protocol import AnsweringProtocol

# Edits closer together than this are analysed once: long enough to coalesce a burst of
# keystrokes, short enough to stay well inside a 30 ms budget.
DEBOUNCE_SECONDS = 0.005
FIX_ALL_COMMAND = "hartonomous.fixAll"


def settings_from(options: Any, base: Settings | None = None) -> Settings:
    """Settings from `initializationOptions` or a `hartonomous` configuration section."""
    current = base or Settings()
    if not isinstance(options, dict):
        return current
    if isinstance(options.get("hartonomous"), dict):
        options = options["hartonomous"]

    def codes(value: Any, default: Any) -> Any:
        if value is None:
            return default
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return [str(v) for v in value]

    select = options.get("select", current.select)
    return Settings(
        target=options.get("target", current.target) or None,
        select=codes(select, None) or None if select is not None else None,
        ignore=codes(options.get("ignore"), current.ignore),
        unsafe_fixes=bool(options.get("unsafeFixes", current.unsafe_fixes)),
    )


class HartonomousServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("hartonomous", __version__, protocol_cls=AnsweringProtocol)
        self.settings = Settings()
        self.workspace_state: LiveWorkspace | None = None
        self.early_buffers: dict[Path, bytes] = {}
        self.pending: dict[Path, asyncio.Task] = {}
        self.published: dict[str, list[types.Diagnostic]] = {}
        self.indexes: dict[Path, tuple[int, SymbolIndex]] = {}
        self.docs: dict[str, str] = {}
        self.pull = False
        self.folders: list[Path] = []

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Out-of-band errors (a message that cannot be read, a failing notification) go to
        the log, not to a pop-up; a message that is not JSON is answered with a ParseError."""
        if isinstance(error, json.JSONDecodeError):
            self.protocol.answer_parse_error()
        self.log_error("reading a message from the client", error)

    # -- helpers ------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    @property
    def document_changes(self) -> bool:
        """Whether edits may go as ``documentChanges`` (needed to create a file). Resource
        operations exist only there, so a client that can create files takes them even
        without saying ``documentChanges: true`` (Neovim 0.11 says only the former)."""
        caps = self.client_capabilities.workspace
        edit = caps.workspace_edit if caps else None
        if edit is None:
            return False
        creates = types.ResourceOperationKind.Create in (edit.resource_operations or [])
        return bool(edit.document_changes or creates)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_error(self, what: str, exc: BaseException) -> None:
        detail = "".join(traceback.format_exception(exc)).rstrip()
        self.log(f"hartonomous: {what} failed: {exc}\n{detail}", types.MessageType.Error)

    def path_of(self, uri: str) -> Path | None:
        fs = to_fs_path(uri)
        return Path(fs).resolve() if fs else None

    def open_documents(self) -> dict[Path, TextDocument]:
        """Open documents by path. pygls keys them by unquoted URI; ``doc.uri`` is the URI as
        the client spelled it, which is the one to answer with (a client compares strings)."""
        out = {}
        for doc in list(self.workspace.text_documents.values()):
            path = self.path_of(doc.uri)
            if path is not None:
                out[path] = doc
        return out

    def buffer_source(self, path: Path) -> SourceText | None:
        """The text the editor shows for a file: the open buffer, else what the engine read."""
        live = self.workspace_state
        if live is None:
            return None
        source = live.source(path)
        if source is not None:
            return source.source
        return try_read_source(path)

    def edit_target(self, path: Path) -> EditTarget:
        doc = self.open_documents().get(path)
        if doc is not None:
            return EditTarget(SourceText(doc.source), doc.version, doc.uri)
        return EditTarget(self.buffer_source(path), None)

    def symbol_index(self, live: LiveProject) -> SymbolIndex:
        cached = self.indexes.get(live.root)
        if cached is not None and cached[0] == live.generation and cached[1] is not None:
            return cached[1]
        index = build_index(live.loaded)
        self.indexes[live.root] = (live.generation, index)
        return index

    # -- indexing -----------------------------------------------------------------------------

    async def index_workspace(self) -> None:
        token = "hartonomous/indexing"
        progress = False
        try:
            caps = self.client_capabilities.window
            if caps and caps.work_done_progress:
                await self.work_done_progress.create_async(token)
                progress = True
        except Exception as exc:  # a client that refuses progress still gets diagnostics
            self.log_error("creating the progress report", exc)
        live = LiveWorkspace(self.folders, ParseCache(), self.settings)
        live.on_rule_error = lambda rule, exc: self.log_error(f"rule {rule}", exc)
        loop = asyncio.get_running_loop()
        if progress:
            self.work_done_progress.begin(
                token, types.WorkDoneProgressBegin(title="hartonomous", message="Indexing")
            )

        def report(done: int, total: int) -> None:
            if progress:
                loop.call_soon_threadsafe(
                    self.work_done_progress.report,
                    token,
                    types.WorkDoneProgressReport(
                        message=f"Indexing {total} files",
                        percentage=int(100 * done / max(total, 1)),
                    ),
                )

        try:
            await asyncio.to_thread(live.index, report)
        except Exception as exc:
            self.log_error("indexing the workspace", exc)
        self.workspace_state = live
        for path, data in self.early_buffers.items():
            live.set_buffer(path, data)
        self.early_buffers.clear()
        if progress:
            self.work_done_progress.end(
                token,
                types.WorkDoneProgressEnd(
                    message=f"Indexed {live.file_count()} files in {len(live.projects)} projects"
                ),
            )
        self.log(f"hartonomous: indexed {live.file_count()} files, {len(live.projects)} projects")
        for project in live.projects:
            self.schedule(project, delay=0)

    # -- diagnostics --------------------------------------------------------------------------

    def schedule(self, live: LiveProject | None, delay: float = DEBOUNCE_SECONDS) -> None:
        if live is None:
            return
        root = live.root
        task = self.pending.get(root)
        if task is not None and not task.done():
            task.cancel()
        self.pending[root] = asyncio.ensure_future(self._publish_later(root, delay))

    async def _publish_later(self, root: Path, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            self.publish(root)
        except Exception as exc:
            self.log_error("publishing diagnostics", exc)

    def project_findings(self, live: LiveProject) -> dict[Path, list[Finding]]:
        state = self.workspace_state
        assert state is not None
        return state.findings(live)

    def diagnostics_for(
        self, path: Path, touching: types.Range | None = None
    ) -> list[types.Diagnostic]:
        """The file's diagnostics; with ``touching``, only those that meet that range."""
        state = self.workspace_state
        if state is None:
            return []
        live = state.project_of(path)
        if live is None:
            return []
        source = live.loaded.files[path].source
        findings = self.project_findings(live).get(path, [])
        if touching is not None:
            start = to_offset(source, touching.start, self.encoding)
            end = to_offset(source, touching.end, self.encoding)
            findings = [f for f in findings if f.span[0] <= end and start <= f.span[1]]
        return [diagnostic(f, source, self.encoding, self.docs.get(f.code)) for f in findings]

    def publish(self, root: Path) -> None:
        """Diagnostics for the project's open files, from the workspace as it is now (so a
        result is never older than the text it is published with)."""
        state = self.workspace_state
        if state is None:
            return
        live = next((p for p in state.projects if p.root == root), None)
        if live is None:
            return
        if self.pull:
            self.workspace_diagnostic_refresh(None)
            return
        for path, doc in self.open_documents().items():
            if not live.owns(path):
                continue
            diags = self.diagnostics_for(path)
            if self.published.get(doc.uri) == diags:
                continue
            self.published[doc.uri] = diags
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diags, version=doc.version)
            )


server = HartonomousServer()


def _guard(what: str, default: Any = None):
    """Requests answer even when the work inside fails: the error is logged, and the client
    gets an error response (requests) or nothing (notifications)."""

    def wrap(fn):
        def inner(ls: HartonomousServer, params):
            try:
                return fn(ls, params)
            except Exception as exc:
                ls.log_error(what, exc)
                raise

        inner.__name__ = fn.__name__
        inner.__doc__ = fn.__doc__
        return inner

    return wrap


@server.feature(types.INITIALIZE)
def initialize(ls: HartonomousServer, params: types.InitializeParams) -> None:
    ls.settings = settings_from(params.initialization_options)
    folders = [ls.path_of(f.uri) for f in params.workspace_folders or []]
    if not folders and params.root_uri:
        folders = [ls.path_of(params.root_uri)]
    ls.folders = [f for f in folders if f is not None]
    try:
        ls.docs = write_docs(default_cache_dir() / "docs")
    except OSError as exc:
        ls.log_error("writing the rule pages", exc)
    caps = params.capabilities
    options = (
        params.initialization_options if isinstance(params.initialization_options, dict) else {}
    )
    mode = options.get("diagnosticMode")
    pull_ok = bool(
        caps.text_document
        and caps.text_document.diagnostic
        and caps.workspace
        and caps.workspace.diagnostics
        and caps.workspace.diagnostics.refresh_support
    )
    ls.pull = mode == "pull" or (mode != "push" and pull_ok)
    if ls.pull:
        ls.feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(
                identifier="hartonomous", inter_file_dependencies=True, workspace_diagnostics=False
            ),
        )(pull_diagnostics)


@server.feature(types.INITIALIZED)
async def initialized(ls: HartonomousServer, params: types.InitializedParams) -> None:
    await ls.index_workspace()


def pull_diagnostics(
    ls: HartonomousServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    path = ls.path_of(params.text_document.uri)
    items = ls.diagnostics_for(path) if path is not None else []
    return types.RelatedFullDocumentDiagnosticReport(items=items)


def _set_buffer(ls: HartonomousServer, uri: str) -> None:
    path = ls.path_of(uri)
    if path is None or path.suffix.lower() != ".sql":
        return
    data = ls.workspace.get_text_document(uri).source.encode("utf-8")
    if ls.workspace_state is None:
        ls.early_buffers[path] = data
        return
    ls.schedule(ls.workspace_state.set_buffer(path, data))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@_guard("opening a document")
def did_open(ls: HartonomousServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.published.pop(params.text_document.uri, None)
    _set_buffer(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@_guard("updating a document")
def did_change(ls: HartonomousServer, params: types.DidChangeTextDocumentParams) -> None:
    _set_buffer(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@_guard("closing a document")
def did_close(ls: HartonomousServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = ls.path_of(uri)
    if not ls.pull:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
    ls.published.pop(uri, None)
    if path is None:
        return
    ls.early_buffers.pop(path, None)
    if ls.workspace_state is not None:
        ls.schedule(ls.workspace_state.close_buffer(path))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_guard("reading changed files")
def did_change_watched(ls: HartonomousServer, params: types.DidChangeWatchedFilesParams) -> None:
    state = ls.workspace_state
    if state is None:
        return
    paths = [p for c in params.changes if (p := ls.path_of(c.uri)) is not None]
    for live in state.disk_changed(paths):
        ls.schedule(live)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(
    ls: HartonomousServer, params: types.DidChangeConfigurationParams
) -> None:
    try:
        settings = params.settings
        if not isinstance(settings, dict) or not settings:
            caps = ls.client_capabilities.workspace
            if caps and caps.configuration:
                got = await ls.workspace_configuration_async(
                    types.ConfigurationParams(
                        items=[types.ConfigurationItem(section="hartonomous")]
                    )
                )
                settings = got[0] if got else None
        ls.settings = settings_from(settings, ls.settings)
        state = ls.workspace_state
        if state is not None:
            state.reconfigure(ls.settings)
            for live in state.projects:
                ls.schedule(live, delay=0)
    except Exception as exc:
        ls.log_error("changing the configuration", exc)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],
        resolve_provider=False,
    ),
)
@_guard("computing code actions")
def code_action(ls: HartonomousServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    state = ls.workspace_state
    path = ls.path_of(params.text_document.uri)
    if state is None or path is None:
        return []
    source = state.source(path)
    if source is None:
        return []
    findings = state.findings_for(path)
    only = params.context.only
    out: list[types.CodeAction] = []
    wants = (
        (lambda kind: True) if not only else (lambda kind: any(kind.startswith(o) for o in only))
    )
    if wants(types.CodeActionKind.QuickFix):
        # eglot 1.9 sends no diagnostics when the region is the cursor: then ours that touch
        # the range stand in for them.
        diagnostics = params.context.diagnostics or ls.diagnostics_for(path, params.range)
        out += actions.for_diagnostics(
            findings,
            diagnostics,
            source,
            ls.edit_target,
            ls.encoding,
            ls.document_changes,
            ls.settings.unsafe_fixes,
        )
    if only and any(actions.FIX_ALL_KIND.startswith(o) for o in only):
        fix_all = _fix_all_action(ls, path)
        if fix_all is not None:
            out.append(fix_all)
    return out


def _fix_all_action(ls: HartonomousServer, path: Path) -> types.CodeAction | None:
    state = ls.workspace_state
    source = state.source(path) if state else None
    if state is None or source is None:
        return None
    edits = actions.fix_all_edits(state.findings_for(path), source)
    if not edits:
        return None
    edit = workspace_edit(edits, ls.edit_target, ls.encoding, ls.document_changes)
    if edit is None:
        return None
    return types.CodeAction(
        title="hartonomous: fix all safe fixes", kind=actions.FIX_ALL_KIND, edit=edit
    )


@server.command(actions.SHOW_DOCS_COMMAND)
async def show_docs(ls: HartonomousServer, code: str) -> None:
    href = ls.docs.get(str(code).upper())
    if href is None:
        raise ValueError(f"no rule {code!r}")
    await ls.window_show_document_async(types.ShowDocumentParams(uri=href, take_focus=True))


@server.command(FIX_ALL_COMMAND)
async def fix_all_command(ls: HartonomousServer, uri: str) -> bool:
    path = ls.path_of(uri)
    action = _fix_all_action(ls, path) if path is not None else None
    if action is None or action.edit is None:
        return False
    result = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=action.edit, label="hartonomous: fix all")
    )
    return bool(result.applied)


def _at(ls: HartonomousServer, uri: str, position: types.Position):
    state = ls.workspace_state
    path = ls.path_of(uri)
    if state is None or path is None:
        return None
    live = state.project_of(path)
    source = state.source(path)
    if live is None or source is None:
        return None
    offset = to_offset(source.source, position, ls.encoding)
    index = ls.symbol_index(live)
    return live, source, offset, index, index.at(path, offset)


def _files(ls: HartonomousServer, live: LiveProject) -> navigation.Files:
    return navigation.Files(ls.buffer_source, live.root)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@_guard("hover")
def hover(ls: HartonomousServer, params: types.HoverParams) -> types.Hover | None:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    live, source, offset, _, occ = found
    state = ls.workspace_state
    assert state is not None
    return navigation.hover(
        occ,
        state.findings_for(source.path),
        offset,
        live.loaded.catalog_for(source.path),
        source.source,
        _files(ls, live),
        ls.encoding,
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@_guard("go to definition")
def definition(ls: HartonomousServer, params: types.DefinitionParams) -> list[types.Location]:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None or found[4] is None:
        return []
    live, _, _, index, occ = found
    target = index.definition(occ.table, occ.column)
    loc = navigation.location(target, _files(ls, live), ls.encoding) if target else None
    return [loc] if loc else []


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@_guard("find references")
def references(ls: HartonomousServer, params: types.ReferenceParams) -> list[types.Location]:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None or found[4] is None:
        return []
    live, _, _, index, occ = found
    return navigation.references(
        index, occ, params.context.include_declaration, _files(ls, live), ls.encoding
    )


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@_guard("document symbols")
def document_symbol(
    ls: HartonomousServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol]:
    state = ls.workspace_state
    path = ls.path_of(params.text_document.uri)
    if state is None or path is None:
        return []
    live = state.project_of(path)
    source = state.source(path)
    if live is None or source is None:
        return []
    symbols = [s for s in ls.symbol_index(live).symbols if s.path == path]
    return navigation.document_symbols(symbols, source.source, ls.encoding)


@server.feature(types.WORKSPACE_SYMBOL)
@_guard("workspace symbols")
def workspace_symbol(
    ls: HartonomousServer, params: types.WorkspaceSymbolParams
) -> list[types.WorkspaceSymbol]:
    state = ls.workspace_state
    if state is None:
        return []
    out: list[types.WorkspaceSymbol] = []
    for live in state.projects:
        out += navigation.workspace_symbols(
            ls.symbol_index(live).symbols, params.query, _files(ls, live), ls.encoding
        )
    return out


def run() -> None:
    server.start_io()
