"""Brute-force protection of the sign-in endpoints (the API token and the login page).

Each client address gets ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]`` attempts
(``MARKETPLACE_LOGIN_RATE``, default ``10/minute``); further attempts answer 429 with a
``Retry-After`` header until the window moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

__all__ = ["LoginRateThrottle", "ThrottledObtainAuthToken", "throttle_logins"]


class LoginRateThrottle(SimpleRateThrottle):
    """Sign-in attempts per client address (scope ``login``)."""

    scope = "login"

    def get_cache_key(self, request: Request | HttpRequest, view: Any) -> str:
        """One counter per client address."""
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ThrottledObtainAuthToken(ObtainAuthToken):
    """``POST /api/auth/token/`` (username, password → token), throttled per address."""

    throttle_classes = [LoginRateThrottle]


def throttle_logins(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a Django login view: a POST beyond the ``login`` rate answers 429."""

    def throttled(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            throttle = LoginRateThrottle()
            if not throttle.allow_request(request, None):
                wait = throttle.wait()
                response = HttpResponse("Too many sign-in attempts; try again later.", status=429)
                if wait is not None:
                    response["Retry-After"] = str(int(wait) + 1)
                return response
        return view(request, *args, **kwargs)

    return throttled
