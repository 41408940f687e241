"""Checking the field names of a write before anything is written."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .exceptions import UnknownFieldError


def validate_fields(model: type[models.Model], names: Iterable[str]) -> None:
    """Raise :class:`UnknownFieldError` for the first name that is not a concrete field.

    Accepts field names and attnames (``updated_by`` and ``updated_by_id``). A misspelt name
    refuses the whole write: dropping it silently would lose the caller's value unnoticed.
    """
    label = model._meta.label
    attnames = {f.attname for f in model._meta.concrete_fields}
    for name in names:
        if name in attnames or name == "pk":
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise UnknownFieldError(label, name) from None
        if not getattr(field, "concrete", False) or field.many_to_many:
            raise UnknownFieldError(label, name, reason="has no writable (concrete) field")
