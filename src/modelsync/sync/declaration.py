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
from typing import Any

from django.db import models

from . import config, wiring
from .exceptions import SyncDeclarationError
from .resolved import ResolvedSync, registry, resolve

FieldSpec = Iterable[str] | Mapping[str, str]


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
        resolved = resolve(self, mapping)
        self._cache = (cache_key, resolved)
        return resolved


def _as_mapping(fields: Any) -> dict[str, str]:
    if isinstance(fields, Mapping):
        return {str(k): str(v) for k, v in fields.items()}
    if isinstance(fields, str):
        raise SyncDeclarationError(
            f"SyncTo fields must be a list or a dict of field names, not {fields!r}"
        )
    return {str(name): str(name) for name in fields}
