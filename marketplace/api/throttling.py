"""Brute-force protection of the sign-in endpoints (the API token and the login page).

Each client address may fail ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]`` sign-ins
(``MARKETPLACE_LOGIN_RATE``, default ``10/minute``); after that every attempt, right password
or not, answers 429 with a ``Retry-After`` header until the window moves on. Successful
sign-ins don't count, so people who type their password right are never slowed down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

__all__ = ["LoginRateThrottle", "ThrottledObtainAuthToken", "throttle_logins"]


class LoginRateThrottle(SimpleRateThrottle):
    """Failed sign-ins per client address (scope ``login``): checking an attempt doesn't
    count it; :meth:`record_failure` does."""

    scope = "login"
    # Set from the rate by SimpleRateThrottle.__init__.
    num_requests: int
    duration: int

    def get_cache_key(self, request: Request | HttpRequest, view: Any) -> str:
        """One counter per client address."""
        ident = self.get_ident(request)  # type: ignore[arg-type]  # reads only request.META
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: Request | HttpRequest, view: Any) -> bool:
        """Whether the address still has failures left in the current window."""
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return len(self.history) < self.num_requests

    def record_failure(self, request: Request | HttpRequest) -> None:
        """Count a failed sign-in of ``request``'s address."""
        self.allow_request(request, None)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """``POST /api/auth/token/`` (username, password → token), throttled per address."""

    throttle_classes = [LoginRateThrottle]

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The user's token; a wrong password counts against the address."""
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            LoginRateThrottle().record_failure(request)
            raise


def throttle_logins(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a Django login view: once an address used up its failures, POSTs answer 429.

    A POST that doesn't sign the user in (the view shows the form again) is a failure.
    """

    def throttled(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        throttle = LoginRateThrottle()
        if not throttle.allow_request(request, None):
            refused = HttpResponse("Too many failed sign-ins; try again later.", status=429)
            refused["Retry-After"] = str(int(throttle.wait() or 0) + 1)
            return refused
        response = view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            throttle.record_failure(request)
        return response

    return throttled
