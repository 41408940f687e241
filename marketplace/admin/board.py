"""Admin of the board area (being built)."""
