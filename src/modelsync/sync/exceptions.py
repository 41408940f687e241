"""Errors raised by :mod:`modelsync.sync`, each naming the model, field and value at fault.

Every one derives from :class:`~modelsync.errors.ModelsyncError` and from ``ValueError`` (they
all report bad input: a declaration, a field name or an argument), so ``except ValueError``
keeps working for callers who don't know the library.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist

from modelsync.errors import ModelsyncError

__all__ = ["SyncArgumentError", "SyncDeclarationError", "SyncError", "UnknownFieldError"]


class SyncError(ModelsyncError, ValueError):
    """Base class of every error raised by the sync part."""


class UnknownFieldError(SyncError, FieldDoesNotExist):
    """A write named a field the model does not have; nothing is written.

    It also subclasses :class:`~django.core.exceptions.FieldDoesNotExist`, so code that
    already catches Django's error keeps working.
    """

    def __init__(self, model_label: str, field_name: str, reason: str = "has no field") -> None:
        self.model_label = model_label
        self.field_name = field_name
        super().__init__(f"{model_label} {reason} named {field_name!r}")


class SyncDeclarationError(SyncError):
    """A :class:`~modelsync.sync.SyncTo` declaration cannot be resolved against the models."""


class SyncArgumentError(SyncError):
    """An explicit sync call got arguments it can't act on (no row given, another model's
    queryset)."""
