"""Audit trail: every tracked change stored as a ``ChangeEvent`` row, in the write's transaction.

Add ``"modelsync.audit"`` to ``INSTALLED_APPS`` (app label ``modelsync_audit``) and migrate.
The model is :class:`modelsync.audit.models.ChangeEvent` (a model needs the app registry, so it
is not imported here). See ``docs/audit.md``.
"""

from __future__ import annotations

from .trail import HOOK_NAME, audited_fields, record_changes, register_audited_models

__all__ = ["HOOK_NAME", "audited_fields", "record_changes", "register_audited_models"]
