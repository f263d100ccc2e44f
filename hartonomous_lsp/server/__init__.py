"""The language server face: LSP over stdio on pygls, a thin translation of the engine."""
