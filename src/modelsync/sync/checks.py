"""System checks of the sync part (ids ``modelsync.E020`` to ``E039``, tag ``modelsync``).

Registered by the app config's ``ready()`` -- or by the first declaration when the app is not
installed: a declaration that could not keep its targets equal fails at start-up instead of
silently syncing nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.core import checks

from modelsync import tracking

from . import config
from .exceptions import SyncDeclarationError
from .queryset import SyncQuerySet
from .resolved import ResolvedSync, pending, registry

if TYPE_CHECKING:
    from .declaration import SyncTo

__all__ = ["check_sync_declarations", "check_sync_settings", "register", "register_without_app"]

TAG = "modelsync"


def _tracks_saves(model: type[Any]) -> bool:
    from modelsync.tracking.models import TrackedModel

    return tracking.is_tracked(model) and issubclass(model, TrackedModel)


def _declaration_errors(declaration: SyncTo, resolved: ResolvedSync) -> list[checks.CheckMessage]:
    source, target = resolved.source, resolved.target
    where = f"{source._meta.label}.{declaration.name}"
    errors: list[checks.CheckMessage] = []
    if not _tracks_saves(source):
        errors.append(
            checks.Error(
                f"{where} syncs to {target._meta.label}, but the writes of {source._meta.label} "
                "are not tracked, so its targets would never follow",
                hint="Derive the model from modelsync.tracking.models.TrackedModel and set "
                "`objects = SyncManager()`.",
                obj=source,
                id="modelsync.E022",
            )
        )
    if not _tracks_saves(target):
        if resolved.bidirectional:
            errors.append(
                checks.Error(
                    f"{where} flows {sorted(resolved.bidirectional)} back from "
                    f"{target._meta.label}, a model whose writes are not tracked: they would "
                    "never flow back",
                    hint=f"Derive {target._meta.label} from TrackedModel (with a SyncManager), "
                    "or drop `bidirectional`.",
                    obj=source,
                    id="modelsync.E024",
                )
            )
        elif resolved.kind == "reverse":
            errors.append(
                checks.Error(
                    f"{where} syncs to {target._meta.label}, a model whose writes are not "
                    "tracked: a new or re-pointed target would not take its source's values",
                    hint=f"Derive {target._meta.label} from TrackedModel (with a SyncManager).",
                    obj=source,
                    id="modelsync.E024",
                )
            )
    if declaration in pending:
        errors.append(
            checks.Error(
                f"{where}: the target model of relation {declaration.relation!r} was never "
                "resolved, so sync's hook is not registered on it",
                hint="Name a relation whose model is installed (and not related_name='+').",
                obj=source,
                id="modelsync.E025",
            )
        )
    manager = target._default_manager
    if resolved.bidirectional and not isinstance(manager.get_queryset(), SyncQuerySet):
        errors.append(
            checks.Warning(
                f"{where} flows fields back from {target._meta.label}, whose default manager "
                "does not use SyncQuerySet: its update() does not lock the sources first, so "
                "it can deadlock with a concurrent update of a source",
                hint=f"Set `objects = SyncManager()` on {target._meta.label}.",
                obj=target,
                id="modelsync.W026",
            )
        )
    return errors


def check_sync_declarations(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Resolve every ``SyncTo``: its relation, fields and models must let sync keep it true."""
    errors: list[checks.CheckMessage] = []
    for declaration in registry:
        if declaration.source is None:
            continue
        try:
            resolved = declaration.resolve()
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
        errors.extend(_declaration_errors(declaration, resolved))
    return errors


def check_sync_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """``MODELSYNC_SYNC_FIELD_MAPPINGS`` keys name declarations; the chunk size is positive."""
    errors: list[checks.CheckMessage] = []
    known = {d.key for d in registry if d.source is not None}
    for key in sorted(set(config.field_mappings()) - known):
        errors.append(
            checks.Error(
                f"MODELSYNC_SYNC_FIELD_MAPPINGS has a key {key!r} that matches no SyncTo "
                "declaration",
                hint=f"Use one of: {', '.join(sorted(known)) or '(no declarations)'}.",
                id="modelsync.E020",
            )
        )
    if config.chunk_size() < 1:
        errors.append(
            checks.Error(
                f"MODELSYNC_SYNC_CHUNK_SIZE must be a positive integer, not {config.chunk_size()}",
                hint="Set it to e.g. 10000.",
                id="modelsync.E023",
            )
        )
    return errors


def register() -> None:
    """Register the checks of this module (called once by the app config's ``ready()``)."""
    checks.register(check_sync_declarations, TAG, checks.Tags.models)
    checks.register(check_sync_settings, TAG)


def register_without_app() -> None:
    """Register the checks when a project declares a sync without installing the app.

    Sync itself never needs the app, so neither may the checks that catch a declaration
    unable to keep its targets equal. Called by each declaration; registering twice is a no-op.
    """
    if not apps.is_installed("modelsync.sync"):
        register()
