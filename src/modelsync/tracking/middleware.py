"""``TrackingMiddleware``: the request's user is the author of the request's tracked writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse

from .context import request_scope

__all__ = ["TrackingMiddleware"]


class TrackingMiddleware:
    """Records ``request.user`` as the author of every tracked write made during the request.

    Put it after ``AuthenticationMiddleware``. The user is read lazily, when a tracked write is
    reported, and anonymous visitors count as ``None``. Works for sync and async views (context
    variables keep concurrent requests apart); an explicit ``tracking_info_`` or a
    ``with tracking(...)`` block inside the view wins.
    """

    sync_capable = True
    async_capable = True

    def __init__(
        self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]
    ) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        if self.is_async:
            return self._acall(request)
        with request_scope(request):
            return self.get_response(request)

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        with request_scope(request):
            # In an async chain (``is_async``) get_response returns an awaitable.
            return await cast(Awaitable[HttpResponse], self.get_response(request))
