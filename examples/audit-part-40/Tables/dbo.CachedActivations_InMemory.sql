-- In-memory optimized activation cache for ultra-low latency inference.
-- SCHEMA_AND_DATA durability; no foreign keys (a memory-optimized table cannot reference a disk-based one).
CREATE TABLE [dbo].[CachedActivations_InMemory] (
    [CacheId]            BIGINT          IDENTITY (1, 1) NOT NULL,
    [ModelId]            INT             NOT NULL,
    [LayerId]            INT             NOT NULL,
    [InputHash]          NVARCHAR(128)   NOT NULL,
    [ActivationData]     VARBINARY(MAX)  NOT NULL,
    [ActivationShape]    NVARCHAR(256)   NOT NULL,
    [HitCount]           INT             NOT NULL,
    [LastAccessed]       DATETIME2       NOT NULL,
    [CreatedAt]          DATETIME2       NOT NULL CONSTRAINT [DF_CachedActivations_InMemory_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [ExpiresAt]          DATETIME2       NULL,
    [ComputeTimeSavedMs] INT             NOT NULL,
    [MemoryUsageBytes]   BIGINT          NOT NULL,
    [TenantId]           INT             NOT NULL,
    CONSTRAINT [PK_CachedActivations_InMemory] PRIMARY KEY NONCLUSTERED HASH ([CacheId]) WITH (BUCKET_COUNT = 1048576),
    INDEX [IX_CachedActivations_InMemory_ModelId] NONCLUSTERED HASH ([ModelId]) WITH (BUCKET_COUNT = 1024),
    INDEX [IX_CachedActivations_InMemory_InputHash] NONCLUSTERED HASH ([InputHash]) WITH (BUCKET_COUNT = 1048576),
    INDEX [IX_CachedActivations_InMemory_LastAccessed] NONCLUSTERED ([LastAccessed]),
    INDEX [IX_CachedActivations_InMemory_TenantId] NONCLUSTERED HASH ([TenantId]) WITH (BUCKET_COUNT = 1024)
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_AND_DATA);
