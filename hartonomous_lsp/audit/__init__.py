"""`hartonomous audit`: the project audit report, written from the project model."""
