"""Django orderings → OData ``$orderby``, and whether the remote sorts as the local database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.db import models

from .exceptions import UnsupportedRemoteLookup
from .options import options_of

if TYPE_CHECKING:
    from django.db.models.sql import Query


def translate_ordering(model: type[models.Model], query: Query) -> str | Literal[False] | None:
    """The ``$orderby`` of a query: a string, ``None`` (unordered) or ``False`` (not expressible).

    ``order_by('?')`` raises; orderings on local-only fields (such as ``pk``) give ``False``,
    then the caller pulls every matching row instead of a first page.
    """
    options = options_of(model)
    parts = []
    for item in ordering_of(model, query):
        if not isinstance(item, str):
            return False
        if item == "?":
            raise UnsupportedRemoteLookup(
                f"{model.__name__}: order_by('?') cannot be sent to the remote OData service; "
                f"use skip_remote() to order local rows randomly"
            )
        descending = item.startswith("-")
        name = item.lstrip("-+")
        if name in ("pk", model._meta.pk.name if model._meta.pk else "pk") or "__" in name:
            return False
        if name not in options.fields and name not in ("remote_pk", "modified"):
            return False
        prop = options.remote_name(model, name)
        parts.append(f"{prop} desc" if descending else prop)
    return ",".join(parts) or None


def ordering_of(model: type[models.Model], query: Query) -> list[Any]:
    """The ordering a query applies: its own, else the model's default."""
    ordering = list(query.order_by)
    if not ordering and query.default_ordering:
        ordering = list(model._meta.ordering or ())
    return ordering


def ordering_is_portable(model: type[models.Model], query: Query) -> bool:
    """Whether the remote sorts rows as the local database does, so its first rows are ours.

    Text is compared by collations that differ between databases, and NULLs sort first on some
    and last on others: only orderings on non-null, non-text fields qualify.
    """
    for item in ordering_of(model, query):
        if not isinstance(item, str):
            return False
        name = item.lstrip("-+")
        try:
            field = model._meta.get_field(name)
        except Exception:
            return False
        if getattr(field, "null", True) or isinstance(field, models.CharField | models.TextField):
            return False
        if field.is_relation:
            return False
    return True
