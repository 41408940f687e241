"""Models used only by the remote tests."""
