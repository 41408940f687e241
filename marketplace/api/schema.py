"""The OpenAPI schema of the API (drf-spectacular), true to what the views answer.

On top of drf-spectacular's inference, :class:`AutoSchema` documents

- that reads of the public catalog (products, categories, tags, shops) need no sign-in: their
  permission classes say so with ``anonymous_reads = True``;
- the error answers every operation can give, as ``{"detail": ...}`` or field errors: 400 (bad
  input), 401/403 (not signed in / not allowed), 404 (no such object, or someone else's), 409
  for deletes (still referred to), 429 for the sign-in endpoint (throttled).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework.permissions import SAFE_METHODS

from .throttling import LoginRateThrottle

__all__ = ["ERROR_SCHEMA", "AutoSchema"]

#: An error answer: ``{"detail": "..."}`` or ``{"<field>": ["..."]}``.
ERROR_SCHEMA: dict[str, Any] = build_object_type(
    properties={"detail": build_basic_type(OpenApiTypes.STR)},
    description="What was wrong: `detail`, or a list of messages per field.",
    additionalProperties=True,
)

_ERRORS = {
    "400": "Bad input; the body names the parameter or field and the value.",
    "401": "Not signed in.",
    "403": "Signed in, but this role may not do this.",
    "404": "No such object (or not one the user may see), or no such page.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema plus anonymous reads and the documented error answers."""

    def get_auth(self) -> list[dict[str, Any]]:
        """The security requirements; ``{}`` (none) for reads the permissions let anyone do."""
        auths: list[dict[str, Any]] = super().get_auth()
        anonymous = self.method in SAFE_METHODS and any(
            getattr(permission, "anonymous_reads", False)
            for permission in self.view.get_permissions()
        )
        if anonymous and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        # drf-spectacular builds the success answers here; the error answers are added to them.
        responses: dict[str, Any] = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        errors = dict(_ERRORS)
        if self.method == "DELETE":
            errors["409"] = "Other rows still refer to this one."
        if any(isinstance(t, LoginRateThrottle) for t in self.view.get_throttles()):
            errors["429"] = "Too many attempts; retry after the `Retry-After` seconds."
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(ERROR_SCHEMA, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
