"""modelsync.audit (being built)."""
