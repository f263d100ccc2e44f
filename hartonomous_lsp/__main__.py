"""``python -m hartonomous_lsp``: the language server over stdio, as ``hartonomous server``."""

from .server.app import run

if __name__ == "__main__":
    run()
