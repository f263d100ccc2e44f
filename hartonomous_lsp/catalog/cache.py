"""The parse cache: ParsedFile by content hash, on disk, safe to share between processes.

Entries are written to a temporary file and renamed into place, so a reader sees a whole
entry or none; two processes writing the same entry write the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from ..parse.nodes import ParsedFile

_ENGINE_DIRS = ("source", "parse")


def _engine_fingerprint() -> str:
    """Changes whenever the lexer or parser changes, so stale parses are never reused."""
    from .. import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    package = Path(__file__).resolve().parent.parent
    for folder in _ENGINE_DIRS:
        for path in sorted((package / folder).glob("*.py")):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def default_cache_dir() -> Path:
    env = os.environ.get("HARTONOMOUS_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("hartonomous", appauthor=False))


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = (folder or default_cache_dir()) / f"parse-{_engine_fingerprint()}"
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> ParsedFile | None:
        try:
            with open(self._path(key), "rb") as handle:
                parsed = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return parsed

    def put(self, key: str, parsed: ParsedFile) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(parsed, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only or full cache folder only costs speed


class NoCache(ParseCache):
    def __init__(self) -> None:
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> ParsedFile | None:
        self.misses += 1
        return None

    def put(self, key: str, parsed: ParsedFile) -> None:
        return None
