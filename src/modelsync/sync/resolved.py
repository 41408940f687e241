"""What the :class:`~modelsync.sync.SyncTo` declarations mean once checked against the models.

:data:`registry` holds every declaration made; :func:`resolve` turns one into a
:class:`ResolvedSync` -- the fields, joins and stamps the SQL builders and the hooks need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel

from . import config
from .exceptions import SyncDeclarationError

if TYPE_CHECKING:
    from .declaration import SyncTo

__all__ = [
    "ResolvedSync",
    "declarations_from",
    "declarations_targeting",
    "pending",
    "registry",
    "resolve",
]


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


#: Every declaration on a concrete model, in the order the models were defined.
registry: list[SyncTo] = []
#: Declarations whose target model is not known yet (Django hasn't resolved the relation).
pending: list[SyncTo] = []


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


def resolve(declaration: SyncTo, mapping: dict[str, str]) -> ResolvedSync:
    """Check ``declaration`` with the field ``mapping`` against the models."""
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
