"""modelsync.sync (being built)."""
