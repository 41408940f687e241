"""Admin of the marketplace, one module per area."""

from . import board, crm, mirror, shop  # noqa: F401
