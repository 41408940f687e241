"""Object lookups of the API's detail routes by id (``/api/products/<id>/``).

Routes match only ASCII digits, so a path with an Arabic-Indic or a full-width digit one is no
route at all (404) instead of product 1; an id beyond the database's range is a 404 too, not an
overflow in the database driver.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from marketplace.ids import InvalidId, parse_id

__all__ = ["IdLookupMixin"]


class IdLookupMixin:
    """For DRF viewsets: the URL's ``pk`` is an id checked by ``parse_id``; anything else is 404."""

    lookup_value_regex = "[0-9]+"
    kwargs: dict[str, Any]

    def get_object(self) -> Any:
        """The object of the URL's id, after checking the id (404 when invalid or missing)."""
        try:
            self.kwargs["pk"] = parse_id(self.kwargs.get("pk"), "pk")
        except InvalidId as error:
            raise Http404(str(error)) from error
        return super().get_object()  # type: ignore[misc]
