#!/bin/sh
# hartonomous: a plain git pre-commit hook (for teams without the pre-commit framework).
# It checks what is staged (the git index, not the working tree) against the whole project as
# it would be committed, and blocks the commit when a staged .sql or .sqlproj has findings.
# Install with `hartonomous install-hook`; skip once with `git commit --no-verify`.
if command -v hartonomous >/dev/null 2>&1; then
    exec hartonomous check --staged
fi
for python in python3 python; do
    if "$python" -c "import hartonomous_lsp" >/dev/null 2>&1; then
        exec "$python" -m hartonomous_lsp.cli check --staged
    fi
done
echo "hartonomous pre-commit hook: hartonomous is not installed (pip install hartonomous-lsp)" >&2
exit 1
