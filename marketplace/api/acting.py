"""Attribute API writes to the request user in the tracking signals.

Token-authenticated users are only known once DRF has authenticated the request (after the
middleware ran), so the views open a ``modelsync.tracking.tracking(user=...)`` block themselves.
"""

from __future__ import annotations

import contextlib
from typing import Any

from modelsync.tracking import tracking

__all__ = ["acting_as"]


def acting_as(user: Any) -> contextlib.AbstractContextManager[Any]:
    """A context in which tracked writes record ``user`` as their author."""
    if not getattr(user, "is_authenticated", False):
        return contextlib.nullcontext()
    return tracking(user=user)
