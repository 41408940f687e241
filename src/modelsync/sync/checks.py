"""System checks (ids ``modelsync.E020`` to ``E039``): bad declarations fail at start-up."""

from __future__ import annotations

from typing import Any

from django.core import checks

from . import config
from .declaration import registry
from .exceptions import SyncDeclarationError
from .queryset import SyncQuerySet


def check_sync_declarations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Resolve every ``SyncTo`` and check the settings that configure sync."""
    errors: list[checks.CheckMessage] = []
    mappings = config.field_mappings()
    known = {d.key for d in registry if d.source is not None}
    for key in sorted(set(mappings) - known):
        errors.append(
            checks.Error(
                f"MODELSYNC_SYNC_FIELD_MAPPINGS has a key {key!r} that matches no SyncTo "
                "declaration",
                hint=f"Use one of: {', '.join(sorted(known)) or '(no declarations)'}.",
                id="modelsync.E020",
            )
        )
    for declaration in registry:
        if declaration.source is None:
            continue
        try:
            declaration.resolve()
        except SyncDeclarationError as exc:
            errors.append(
                checks.Error(
                    str(exc),
                    hint="Fix the SyncTo declaration or MODELSYNC_SYNC_FIELD_MAPPINGS.",
                    obj=declaration.source,
                    id="modelsync.E021",
                )
            )
            continue
        manager = declaration.source._default_manager
        if not isinstance(manager.get_queryset(), SyncQuerySet):
            errors.append(
                checks.Error(
                    f"{declaration.source._meta.label} declares {declaration.name} but its "
                    "default manager does not use SyncQuerySet, so update() would not sync",
                    hint="Set `objects = SyncManager()` (or a manager built from a "
                    "SyncQuerySet subclass).",
                    obj=declaration.source,
                    id="modelsync.E022",
                )
            )
    if config.chunk_size() < 1:
        errors.append(
            checks.Error(
                "MODELSYNC_SYNC_CHUNK_SIZE must be a positive integer",
                hint="Set it to e.g. 10000.",
                id="modelsync.E023",
            )
        )
    return errors
