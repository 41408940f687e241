"""Models used only by the tracking tests."""
