"""The 400 page of the web views: a styled page naming what was wrong with the request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

__all__ = ["bad_request_page"]


def bad_request_page(request: HttpRequest, message: str) -> HttpResponse:
    """``400.html`` with ``message`` (e.g. which parameter held which bad value)."""
    return render(request, "400.html", {"exception": message}, status=400)
