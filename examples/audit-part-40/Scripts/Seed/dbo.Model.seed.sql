-- Reference models used by the activation cache. Idempotent: re-running a publish changes nothing.
MERGE INTO [dbo].[Model] AS [target]
USING (VALUES
        (N'hartonomous-embed-small', N'1.0', N'transformer-encoder', N'active'),
        (N'hartonomous-code-embed',  N'2.1', N'transformer-encoder', N'active')
      ) AS [source] ([ModelName], [ModelVersion], [Architecture], [Status])
   ON [target].[ModelName] = [source].[ModelName]
  AND [target].[ModelVersion] = [source].[ModelVersion]
WHEN NOT MATCHED BY TARGET THEN
    INSERT ([ModelName], [ModelVersion], [Architecture], [Status])
    VALUES ([source].[ModelName], [source].[ModelVersion], [source].[Architecture], [source].[Status]);
