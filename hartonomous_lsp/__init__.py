"""hartonomous-lsp: a T-SQL schema auditor for SQL Server database projects."""

__version__ = "0.1.0"
