"""How a model maps onto a remote entity set: :class:`RemoteOptions` and helpers reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .exceptions import RemoteConfigurationError
from .serialization import literal

if TYPE_CHECKING:
    from django.db import models

KEY_KINDS = ("guid", "string", "int")


@dataclass(frozen=True)
class RemoteOptions:
    """The remote side of a model, declared once on the model::

        class Account(RemoteModel):
            name = models.CharField(max_length=200)
            owner = models.ForeignKey(User, ...)

            remote = RemoteOptions(
                "Accounts", fields={"name": "name", "owner": "owner_ID"}
            )

    ``fields`` maps local field names to remote property names; a foreign key maps to the remote
    property that holds the related row's remote key (the related model must be a remote model).
    Servers that take references only through navigation properties (Dynamics 365) name them in
    ``bind``: ``bind={"owner": "ownerid"}`` writes ``"ownerid@odata.bind": "Owners(<key>)"``
    while reads and filters keep using the ``fields`` property.
    ``key_property``/``key_kind`` describe the remote key (``guid``, ``string`` or ``int``) and
    ``modified_property`` the remote's last-modification timestamp (compared by ``get()``, the
    watermark of ``modelsync_remote pull``). With ``client_keys`` (guid keys only) new rows get
    their key here, so a retried create is recognised by the remote instead of duplicated.
    """

    entity_set: str
    fields: dict[str, str] = field(default_factory=dict)
    key_property: str = "ID"
    key_kind: str = "guid"
    modified_property: str = "modifiedAt"
    client_keys: bool = True
    bind: dict[str, str] = field(default_factory=dict)

    def remote_name(self, model: type[models.Model], field_name: str) -> str:
        """The remote property of a local field, or an error naming the model and field."""
        if field_name == "remote_pk":
            return self.key_property
        if field_name == "modified":
            return self.modified_property
        try:
            return self.fields[field_name]
        except KeyError:
            raise RemoteConfigurationError(
                f"{model.__name__}.{field_name} has no remote property: add it to "
                f"{model.__name__}.remote.fields or use skip_remote()"
            ) from None

    def select(self) -> str:
        """The ``$select`` list: key, modification time and every mapped property."""
        names = [self.key_property, self.modified_property, *self.fields.values()]
        return ",".join(dict.fromkeys(names))

    @property
    def uses_client_keys(self) -> bool:
        """Whether new rows get their remote key here (guid keys with ``client_keys``)."""
        return self.client_keys and self.key_kind == "guid"


def options_of(model: type[models.Model] | object) -> RemoteOptions:
    """The :class:`RemoteOptions` of a remote model, or an error naming the model."""
    options = getattr(model, "remote", None)
    if not isinstance(options, RemoteOptions):
        name = getattr(model, "__name__", type(model).__name__)
        raise RemoteConfigurationError(f"{name} has no `remote = RemoteOptions(...)` declaration")
    return options


def mapped_fields(model: type[models.Model]) -> list[tuple[models.Field, str]]:
    """``(local field, remote property)`` pairs of a remote model."""
    options = options_of(model)
    return [(model._meta.get_field(name), prop) for name, prop in options.fields.items()]  # type: ignore[misc]


def key_literal(model: type[models.Model], remote_pk: object) -> str:
    """The key predicate value of a row (``Accounts(<this>)``)."""
    return literal(remote_pk, options_of(model).key_kind)


def key_value(model: type[models.Model], remote_pk: object) -> object:
    """The key as a JSON value (an int for ``int`` keys, else text)."""
    return int(str(remote_pk)) if options_of(model).key_kind == "int" else str(remote_pk)
