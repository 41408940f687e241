"""modelsync.ordering (being built)."""
