"""Receivers of the tracking signals that keep the marketplace's derived data up to date."""
