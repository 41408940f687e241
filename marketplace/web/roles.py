"""Decorators that let only customers or only vendors into a page.

Someone signed in with another role gets the styled 403 page saying whom the page is for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from marketplace.api.roles import customer_of, vendor_of

__all__ = ["customer_required", "vendor_required"]

View = Callable[..., HttpResponse]


def _role_required(get_profile: Callable[[Any], Any], role: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            profile = get_profile(request.user)
            if profile is None:
                raise PermissionDenied(
                    f"This page is for {role}s; you are signed in as another role."
                )
            return view(request, profile, *args, **kwargs)

        return wrapped

    return decorator


customer_required = _role_required(customer_of, "customer")
vendor_required = _role_required(vendor_of, "vendor")
