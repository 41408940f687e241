"""Admin of the mirror area (being built)."""
