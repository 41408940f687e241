"""Errors of the REST API as JSON, with the status a client can act on.

- :func:`exception_handler` (DRF's ``EXCEPTION_HANDLER``): a refused domain operation (an
  illegal status change, a full cart line, a review not allowed...) is a 400 with its message.
- :class:`Conflict`: a 409, e.g. deleting a product that order lines still refer to.
- :class:`JsonErrorsMiddleware`: under ``/api/``, error pages Django itself renders (no route:
  404, a crash: 500) are JSON as well, so clients never have to parse HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from modelsync.errors import ModelsyncError

__all__ = ["API_PREFIX", "Conflict", "JsonErrorsMiddleware", "exception_handler"]

#: Paths whose error responses are JSON.
API_PREFIX = "/api/"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: domain errors (``ModelsyncError`` and ``ValueError``, e.g.
    ``IllegalTransition``, ``CartError``) → 400 ``{"detail": message}``."""
    if isinstance(exc, ModelsyncError) and isinstance(exc, ValueError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class Conflict(APIException):
    """409: the request conflicts with the current state of a row."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


class JsonErrorsMiddleware:
    """Turn Django's own error pages under ``/api/`` (no route, a crash) into
    ``{"detail": <reason>}``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # DRF's own answers (JSON, or the browsable API's page for a browser) keep their detail.
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not isinstance(response, Response)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            reason = HTTPStatus(response.status_code).phrase
            return JsonResponse({"detail": f"{reason}."}, status=response.status_code)
        return response
