"""Sync's registrations on the write pipeline, made as soon as a declaration's models exist.

A :class:`~modelsync.sync.SyncTo` declaration registers two hooks on the tracking part's
pipeline (``needs=Need.KEYS``, in the transaction, ``order=ORDER_SYNC``):

- ``modelsync.sync.source`` on the source model: :func:`~modelsync.sync.engine.on_source_write`;
- ``modelsync.sync.target`` on the target model: :func:`~modelsync.sync.engine.on_target_write`
  (a target of several declarations has the one hook), unless the source holds the foreign key
  and no field flows back: then the source's own writes are all that sync follows.

Nothing here depends on ``"modelsync.sync"`` being in ``INSTALLED_APPS``: the hooks are
registered while Django loads the models, so automatic sync works in every project that
declares one; so do the system checks of the declarations (the app adds the command).

The target of a reverse relation (``Pipeline.order = OneToOneField(Order,
related_name="pipeline")``) is only known once Django has resolved that foreign key, which
puts the reverse accessor on the source class. Declarations wait in :data:`pending` until then;
:func:`attach_pending` runs each time a model is registered while some wait.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
    ReverseOneToOneDescriptor,
)
from django.db.models.signals import class_prepared, pre_save

from modelsync import tracking

from . import checks, engine
from .resolved import pending

if TYPE_CHECKING:
    from .declaration import SyncTo

__all__ = ["attach_pending", "target_of", "watch"]


def _register_once(
    model: type[models.Model], name: str, callback: Any, needs: tracking.Need = tracking.Need.KEYS
) -> None:
    """Register sync's hook ``name`` on ``model``, or widen the needs of the one registered."""
    for hook in tracking.registered(model):
        if hook.name == name:
            if needs & hook.needs == needs:
                return
            needs |= hook.needs
            tracking.unregister(model, name)
    tracking.register(
        model,
        callback,
        name=name,
        needs=needs,
        when=tracking.When.IN_TRANSACTION,
        actions=(tracking.Action.CREATE, tracking.Action.UPDATE),
        order=tracking.ORDER_SYNC,
    )


def target_of(declaration: SyncTo) -> type[models.Model] | None:
    """The target model of ``declaration``, or ``None`` while Django hasn't resolved it.

    Read from the relation's descriptor on the source class, which Django sets when it
    resolves the foreign key: asking ``_meta`` for reverse relations while models are still
    loading would cache an incomplete relation tree.
    """
    assert declaration.source is not None
    descriptor = declaration.source.__dict__.get(declaration.relation)
    if isinstance(descriptor, ReverseOneToOneDescriptor):
        target: Any = descriptor.related.related_model
    elif isinstance(descriptor, ReverseManyToOneDescriptor) and not isinstance(
        descriptor, ManyToManyDescriptor
    ):
        target = descriptor.field.model
    elif isinstance(descriptor, ForwardManyToOneDescriptor):
        target = descriptor.field.remote_field.model
    else:
        return None
    return target if isinstance(target, type) else None


def attach_pending(*_args: Any, **_kwargs: Any) -> None:
    """Register the target hook of every pending declaration whose target is now known."""
    for declaration in list(pending):
        target = target_of(declaration)
        if target is None or target._meta.abstract:
            continue
        pending.remove(declaration)
        concrete = target._meta.concrete_model or target
        relation = declaration.source.__dict__.get(declaration.relation)
        holds_key = not isinstance(relation, ForwardManyToOneDescriptor)
        if not holds_key and not declaration.bidirectional:
            # The source points at the target: the source's own writes (creating or
            # re-pointing it) sync it, and nothing written on the target flows back.
            continue
        # A target holding the foreign key can be re-pointed to another source: telling that
        # from a plain save (which writes every field) takes the old values.
        needs = tracking.Need.KEYS | tracking.Need.OLD_VALUES if holds_key else tracking.Need.KEYS
        _register_once(concrete, engine.TARGET_HOOK, engine.on_target_write, needs)
        if declaration.bidirectional:
            pre_save.connect(
                engine.lock_sources_of_instance,
                sender=concrete,
                dispatch_uid=f"{engine.TARGET_HOOK}.lock:{concrete._meta.label}",
            )


def watch(declaration: SyncTo) -> None:
    """Register the hooks of ``declaration`` once its source is registered with Django, and
    its target's as soon as the target is known."""
    source = declaration.source
    assert source is not None
    checks.register_without_app()
    pending.append(declaration)
    meta = source._meta
    meta.apps.lazy_model_operation(
        partial(_source_ready, declaration), (meta.app_label, meta.model_name)
    )


def _source_ready(declaration: SyncTo, source: type[models.Model]) -> None:
    # Foreign keys waiting for the source have set their reverse accessors on it by now.
    concrete = source._meta.concrete_model or source
    _register_once(concrete, engine.SOURCE_HOOK, engine.on_source_write)
    attach_pending()
    descriptor = source.__dict__.get(declaration.relation)
    if declaration in pending and isinstance(descriptor, ForwardManyToOneDescriptor):
        # A forward target named by a string is resolved when that model is registered.
        remote = descriptor.field.remote_field.model
        if isinstance(remote, str):
            label = remote if "." in remote else f"{source._meta.app_label}.{remote}"
            app_label, model_name = label.split(".", 1)
            source._meta.apps.lazy_model_operation(attach_pending, (app_label, model_name.lower()))


def _on_class_prepared(sender: type[models.Model], **kwargs: Any) -> None:
    # A model defined after a source resolves its foreign key to it (setting the source's
    # reverse accessor) when it is registered, right after this signal: look again then.
    if pending:
        meta = sender._meta
        meta.apps.lazy_model_operation(attach_pending, (meta.app_label, meta.model_name))


class_prepared.connect(_on_class_prepared, dispatch_uid="modelsync.sync.attach_pending")
