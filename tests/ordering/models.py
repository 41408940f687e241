"""Models used only by the ordering tests."""
