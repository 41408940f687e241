"""Models used only by the sync tests."""
