"""modelsync.remote (being built)."""
