"""Errors raised by :mod:`modelsync.sync`, each naming the model and field at fault."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist


class SyncError(Exception):
    """Base class of every error raised by the sync part."""


class UnknownFieldError(SyncError, FieldDoesNotExist):
    """A write named a field the model does not have (the original silently dropped it).

    It also subclasses :class:`~django.core.exceptions.FieldDoesNotExist`, so code that
    already catches Django's error keeps working.
    """

    def __init__(self, model_label: str, field_name: str, reason: str = "has no field") -> None:
        self.model_label = model_label
        self.field_name = field_name
        super().__init__(f"{model_label} {reason} named {field_name!r}")


class SyncDeclarationError(SyncError):
    """A :class:`~modelsync.sync.SyncTo` declaration cannot be resolved against the models."""
