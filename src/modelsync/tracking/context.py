"""Who is writing: the explicit ``tracking_info_`` of a call, a ``tracking()`` block, or the
request of the :class:`~modelsync.tracking.middleware.TrackingMiddleware` -- in that order.

Context variables keep each thread and each asyncio task apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

from .objects import TrackingInfo, User, check_tracking_info

__all__ = [
    "current_tracking_info",
    "current_user",
    "explicit_tracking_info",
    "request_scope",
    "tracking",
]

_explicit: ContextVar[TrackingInfo | None] = ContextVar("modelsync_explicit_info", default=None)
_scoped: ContextVar[TrackingInfo | None] = ContextVar("modelsync_scoped_info", default=None)
_request: ContextVar[HttpRequest | None] = ContextVar("modelsync_request", default=None)


def current_tracking_info() -> TrackingInfo | None:
    """The tracking info that applies to a write made now, or ``None``.

    An explicit ``tracking_info_=`` wins over the innermost ``with tracking(...)`` block, which
    wins over the request's user set by the middleware.
    """
    info = _explicit.get()
    if info is not None:
        return info
    info = _scoped.get()
    if info is not None:
        return info
    request = _request.get()
    if request is None:
        return None
    user = getattr(request, "user", None)
    # An anonymous visitor is nobody in particular.
    if user is not None and not getattr(user, "is_authenticated", True):
        user = None
    return TrackingInfo(user=user)


def current_user() -> User:
    """Who makes a write made now: the user of :func:`current_tracking_info`, or ``None``.

    An anonymous user (``is_authenticated`` false) counts as ``None``: nobody in particular.
    The value is whatever was given as the user (normally ``settings.AUTH_USER_MODEL``).
    """
    info = current_tracking_info()
    user = info.user if info is not None else None
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return user


@contextmanager
def tracking(
    user: User = None,
    comment: str | None = None,
    kwargs: dict[str, Any] | None = None,
    is_robust: bool = False,
) -> Iterator[TrackingInfo]:
    """Attribute every tracked write inside the block to ``user`` (and ``comment``).

    Example::

        with tracking(user=admin, comment="nightly import"):
            Book.objects.bulk_update(books, ["price"])
    """
    info = TrackingInfo(user=user, comment=comment, kwargs=kwargs, is_robust=is_robust)
    token = _scoped.set(info)
    try:
        yield info
    finally:
        _scoped.reset(token)


@contextmanager
def explicit_tracking_info(value: object) -> Iterator[None]:
    """Make the ``tracking_info_`` given to one call apply to everything the call writes."""
    info = check_tracking_info(value)
    if info is None:
        yield
        return
    token = _explicit.set(info)
    try:
        yield
    finally:
        _explicit.reset(token)


@contextmanager
def request_scope(request: HttpRequest) -> Iterator[None]:
    """Attribute the writes made while handling ``request`` to ``request.user``."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)
