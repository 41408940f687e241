"""Admin of the crm area (being built)."""
