"""``SyncTo``: the one-line declaration "keep these fields of mine equal on that related model".

Example::

    class Order(TrackedModel):
        ...
        objects = SyncManager()
        sync_pipeline = SyncTo(
            "pipeline", fields=["contact", "order_date", "total_amount"],
            bidirectional=["total_amount"],
        )
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel

from . import config
from .exceptions import SyncDeclarationError

FieldSpec = Iterable[str] | Mapping[str, str]


@dataclass(frozen=True)
class ResolvedSync:
    """A declaration checked against the models: everything the SQL builders need."""

    declaration: SyncTo
    source: type[models.Model]
    target: type[models.Model]
    #: ``(source field, target field)`` pairs kept equal.
    pairs: tuple[tuple[models.Field[Any, Any], models.Field[Any, Any]], ...]
    #: Source field names whose changes on the target flow back to the source.
    bidirectional: frozenset[str]
    #: The source column and the target column that are equal for related rows.
    source_join: models.Field[Any, Any]
    target_join: models.Field[Any, Any]
    #: ``"forward"`` (the source holds the foreign key) or ``"reverse"`` (the target does).
    kind: str
    target_user_stamp: models.Field[Any, Any] | None
    target_time_stamp: models.Field[Any, Any] | None

    @property
    def source_names(self) -> frozenset[str]:
        """Names (and attnames) of the synced source fields."""
        return frozenset(n for f, _ in self.pairs for n in (f.name, f.attname))

    @property
    def target_names(self) -> frozenset[str]:
        """Names (and attnames) of the synced target fields."""
        return frozenset(n for _, f in self.pairs for n in (f.name, f.attname))

    def target_name_of(self, source_name: str) -> str:
        """The target field kept equal to the source field ``source_name``."""
        for source_field, target_field in self.pairs:
            if source_name in (source_field.name, source_field.attname):
                return target_field.name
        raise KeyError(source_name)


class SyncTo:
    """Declares that some fields of this (source) model are kept equal on a related model.

    ``relation`` names a forward foreign key / one-to-one of the source, or a reverse
    one-to-one (or reverse foreign key) pointing at it. ``fields`` is a list of field names
    (same name on both sides) or a ``{source_field: target_field}`` dict. ``bidirectional``
    lists the source fields whose changes on the target flow back to the source. Several
    ``SyncTo`` on one model declare several targets. The mapping can be replaced from
    settings (``MODELSYNC_SYNC_FIELD_MAPPINGS``, key ``"app_label.Model.relation"``).
    """

    def __init__(self, relation: str, fields: FieldSpec, bidirectional: Iterable[str] = ()) -> None:
        self.relation = relation
        self.fields = _as_mapping(fields)
        self.bidirectional = frozenset(bidirectional)
        self.source: type[models.Model] | None = None
        self.name = ""
        self._cache: tuple[Any, ResolvedSync] | None = None

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        """Called by Django's model metaclass: remember the source, and have sync's hooks
        registered on the write pipeline as soon as the source and the target exist."""
        from . import wiring

        self.source = cls
        self.name = name
        setattr(cls, name, self)
        if not cls._meta.abstract:
            registry.append(self)
            wiring.watch(self)

    @property
    def key(self) -> str:
        """The settings key of this declaration: ``"app_label.Model.relation"``."""
        assert self.source is not None
        return f"{self.source._meta.label}.{self.relation}"

    def __repr__(self) -> str:
        source = self.source._meta.label if self.source is not None else "?"
        return f"<SyncTo {source}.{self.relation} {dict(self.fields)}>"

    def mapping(self) -> dict[str, str]:
        """The effective ``{source_field: target_field}`` mapping (settings override code)."""
        override = config.field_mappings().get(self.key)
        return _as_mapping(override) if override is not None else dict(self.fields)

    def resolve(self) -> ResolvedSync:
        """Check the declaration against the models; raise :class:`SyncDeclarationError`."""
        mapping = self.mapping()
        cache_key = tuple(sorted(mapping.items()))
        if self._cache is not None and self._cache[0] == cache_key:
            return self._cache[1]
        resolved = _resolve(self, mapping)
        self._cache = (cache_key, resolved)
        return resolved


registry: list[SyncTo] = []


def declarations_from(model: type[models.Model]) -> list[ResolvedSync]:
    """The resolved syncs whose source is ``model`` (or its concrete model, for proxies)."""
    concrete = model._meta.concrete_model
    return [d.resolve() for d in registry if d.source is concrete]


def declarations_targeting(model: type[models.Model]) -> list[ResolvedSync]:
    """The resolved syncs whose target is ``model``."""
    concrete = model._meta.concrete_model
    return [
        resolved
        for resolved in (d.resolve() for d in registry if d.source is not None)
        if resolved.target is concrete
    ]


def _as_mapping(fields: Any) -> dict[str, str]:
    if isinstance(fields, Mapping):
        return {str(k): str(v) for k, v in fields.items()}
    if isinstance(fields, str):
        raise SyncDeclarationError(
            f"SyncTo fields must be a list or a dict of field names, not {fields!r}"
        )
    return {str(name): str(name) for name in fields}


def _concrete_field(model: type[models.Model], name: str, side: str) -> models.Field[Any, Any]:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise SyncDeclarationError(
            f"{side} model {model._meta.label} has no field named {name!r}"
        ) from None
    if not isinstance(field, models.Field) or not field.concrete or field.primary_key:
        raise SyncDeclarationError(
            f"{side} field {model._meta.label}.{name} is not a concrete non-primary-key field"
        )
    return field


def _stamp(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) and field.concrete else None


def _resolve(declaration: SyncTo, mapping: dict[str, str]) -> ResolvedSync:
    source = declaration.source
    if source is None:
        raise SyncDeclarationError(f"{declaration!r} is not attached to a model")
    label = source._meta.label
    try:
        relation = source._meta.get_field(declaration.relation)
    except FieldDoesNotExist:
        raise SyncDeclarationError(
            f"{label} has no relation named {declaration.relation!r}"
        ) from None
    if relation.many_to_many or not relation.is_relation:
        raise SyncDeclarationError(
            f"{label}.{declaration.relation} must be a foreign key, a one-to-one or a reverse "
            "one-to-one"
        )
    target = relation.related_model
    assert target is not None and not isinstance(target, str)
    if isinstance(relation, ForeignObjectRel):
        kind = "reverse"
        target_join: Any = relation.field
        source_join: Any = relation.field.target_field
    else:
        kind = "forward"
        source_join = relation
        target_join = relation.target_field  # type: ignore[union-attr]
    if not mapping:
        raise SyncDeclarationError(f"{declaration!r} declares no fields")
    pairs = tuple(
        (_concrete_field(source, s, "source"), _concrete_field(target, t, "target"))
        for s, t in mapping.items()
    )
    unknown = declaration.bidirectional - set(mapping)
    if unknown:
        raise SyncDeclarationError(
            f"bidirectional fields {sorted(unknown)} of {label}.{declaration.relation} "
            "are not among its synced fields"
        )
    return ResolvedSync(
        declaration=declaration,
        source=source,
        target=target,
        pairs=pairs,
        bidirectional=declaration.bidirectional,
        source_join=source_join,
        target_join=target_join,
        kind=kind,
        target_user_stamp=_stamp(target, config.stamp_user_field()),
        target_time_stamp=_stamp(target, config.stamp_time_field()),
    )
