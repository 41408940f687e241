"""Audit trail: every tracked change stored as a ``ChangeEvent`` row, in the write's transaction.

Add ``"modelsync.audit"`` to ``INSTALLED_APPS`` and migrate. See ``docs/audit.md``.
"""
