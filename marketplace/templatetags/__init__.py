"""Template tags of the marketplace pages."""
