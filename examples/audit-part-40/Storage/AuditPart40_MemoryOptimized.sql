-- Memory-optimized tables need a MEMORY_OPTIMIZED_DATA filegroup in the database.
ALTER DATABASE [$(DatabaseName)]
    ADD FILEGROUP [AuditPart40_MemoryOptimized] CONTAINS MEMORY_OPTIMIZED_DATA;
