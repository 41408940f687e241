"""The values handed to receivers: who did a write (``TrackingInfo``) and what changed
(``ModifiedObject``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeAlias, TypeVar

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M")

#: Who made a write: a user of ``settings.AUTH_USER_MODEL``, an anonymous visitor, or ``None``.
User: TypeAlias = "AbstractBaseUser | AnonymousUser | None"


class RowReader(Protocol):
    """What a lazily built :class:`ModifiedObject` reads its row with (see ``rows.RowBuilder``)."""

    def build(self, row: Sequence[Any]) -> Any:
        """The model instance of ``row``."""

    def pk(self, row: Sequence[Any]) -> Any:
        """The primary key of ``row``."""

    def value(self, row: Sequence[Any], attname: str) -> tuple[bool, Any]:
        """``(True, value)`` of the field ``attname`` in ``row``; ``(False, None)`` when the
        row doesn't hold it."""


__all__ = ["ModifiedObject", "TrackingInfo", "User", "check_tracking_info"]


@dataclass
class TrackingInfo:
    """Who did a write, and why; passed to every receiver as ``tracking_info_``.

    ``is_robust=True`` sends the post-commit signals with ``send_robust``: a failing receiver
    is logged (logger ``modelsync.tracking``) and does not stop the others.

    Example::

        Book.objects.filter(title="x").update(
            title="y", tracking_info_=TrackingInfo(user=request.user, comment="rename")
        )
    """

    user: User = None
    comment: str | None = None
    kwargs: dict[str, Any] | None = None
    is_robust: bool = False


def check_tracking_info(value: object) -> TrackingInfo | None:
    """Return ``value`` if it is a :class:`TrackingInfo` or ``None``, else raise ``TypeError``."""
    if value is None or isinstance(value, TrackingInfo):
        return value
    raise TypeError(
        f"tracking_info_ must be a TrackingInfo or None, not {type(value).__name__}: {value!r}"
    )


class ModifiedObject(Generic[M]):
    """One written row: the instance after the write and the OLD values of the fields that changed.

    ``changed_values`` maps field *names* (``"author"``, not ``"author_id"``) to the value the
    field had before the write; a foreign key's old value is the related object's id, never a
    loaded object. It is ``{}`` for created and deleted rows.

    After a bulk write (``qs.update()``), ``instance`` is built on first access from the row
    the database returned, so receivers that only read ``changed_values`` build no instance.
    """

    __slots__ = ("_builder", "_instance", "_row", "changed_values")

    def __init__(self, instance: M, changed_values: dict[str, Any] | None = None) -> None:
        self._instance: M | None = instance
        self._builder: RowReader | None = None
        self._row: Sequence[Any] | None = None
        self.changed_values: dict[str, Any] = {} if changed_values is None else changed_values

    @property
    def instance(self) -> M:
        """The model instance as written (built from the returned row on first access)."""
        if self._instance is None and self._builder is not None:
            assert self._row is not None
            self._instance = self._builder.build(self._row)
            self._builder = None
            self._row = None
        return self._instance  # type: ignore[return-value]

    @property
    def pk(self) -> Any:
        """The written row's primary key; after a bulk write, read without building ``instance``."""
        if self._instance is None and self._builder is not None:
            assert self._row is not None
            return self._builder.pk(self._row)
        return self.instance.pk  # type: ignore[attr-defined]

    def new_value(self, attname: str) -> Any:
        """The value of the field ``attname`` after the write (``"author_id"``, not
        ``"author"``); after a bulk write, read from the returned row without building
        ``instance`` (the cheap way for a receiver that needs a few new values of many rows)."""
        if self._instance is None and self._builder is not None:
            assert self._row is not None
            found, value = self._builder.value(self._row, attname)
            if found:
                return value
        return getattr(self.instance, attname)

    @property
    def changes(self) -> dict[str, tuple[Any, Any]]:
        """``{field name: (old value, new value)}`` of the fields that changed."""
        instance: Any = self.instance
        get_field = instance._meta.get_field
        return {
            name: (old, getattr(instance, get_field(name).attname))
            for name, old in self.changed_values.items()
        }

    def __repr__(self) -> str:
        return f"<ModifiedObject {self.instance!r} changed_values={self.changed_values!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModifiedObject):
            return NotImplemented
        return self.instance == other.instance and self.changed_values == other.changed_values

    __hash__ = None  # type: ignore[assignment]


class LazyModifiedObject(ModifiedObject[M]):
    """A modified object whose instance ``builder`` makes from ``row`` when first read."""

    __slots__ = ()

    def __init__(  # pylint: disable=super-init-not-called
        self, builder: RowReader, row: Sequence[Any], changed_values: dict[str, Any]
    ) -> None:
        # Runs once per changed row of a bulk write: set the slots directly.
        self._instance = None
        self._builder = builder
        self._row = row
        self.changed_values = changed_values
