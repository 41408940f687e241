"""Queryset methods with no remote meaning: they work after ``skip_remote()`` only.

On a queryset that talks to the remote each raises
:class:`~modelsync.remote.UnsupportedRemoteOperation` naming the method and the way out.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .exceptions import UnsupportedRemoteOperation


class LocalOnlyMethods(models.QuerySet[Any]):
    """The local-only methods of :class:`~modelsync.remote.RemoteQuerySet`."""

    @property
    def remote_active(self) -> bool:
        """Whether this queryset talks to the remote (defined by the remote queryset)."""
        raise NotImplementedError

    def _require_local(self, method: str) -> None:
        if self.remote_active:
            raise UnsupportedRemoteOperation(
                f"{self.model.__name__}.objects.{method}() cannot be mirrored to the remote "
                f"service; use {self.model.__name__}.objects.skip_remote().{method}()"
            )

    def annotate(self, *args: Any, **kwargs: Any) -> Any:
        """Local only: ``skip_remote().annotate(...)``."""
        self._require_local("annotate")
        return super().annotate(*args, **kwargs)

    def alias(self, *args: Any, **kwargs: Any) -> Any:
        """Local only: ``skip_remote().alias(...)``."""
        self._require_local("alias")
        return super().alias(*args, **kwargs)

    def distinct(self, *field_names: Any) -> Any:
        """Local only: ``skip_remote().distinct(...)``."""
        self._require_local("distinct")
        return super().distinct(*field_names)

    def values(self, *fields: Any, **expressions: Any) -> Any:
        """Local only: ``skip_remote().values(...)``."""
        self._require_local("values")
        return super().values(*fields, **expressions)

    def values_list(self, *fields: Any, flat: bool = False, named: bool = False) -> Any:
        """Local only: ``skip_remote().values_list(...)``."""
        self._require_local("values_list")
        return super().values_list(*fields, flat=flat, named=named)

    def dates(self, *args: Any, **kwargs: Any) -> Any:
        """Local only: ``skip_remote().dates(...)``."""
        self._require_local("dates")
        return super().dates(*args, **kwargs)

    def datetimes(self, *args: Any, **kwargs: Any) -> Any:
        """Local only: ``skip_remote().datetimes(...)``."""
        self._require_local("datetimes")
        return super().datetimes(*args, **kwargs)

    def select_related(self, *fields: Any) -> Any:
        """Local only: ``skip_remote().select_related(...)``."""
        self._require_local("select_related")
        return super().select_related(*fields)

    def prefetch_related(self, *lookups: Any) -> Any:
        """Local only: ``skip_remote().prefetch_related(...)``."""
        self._require_local("prefetch_related")
        return super().prefetch_related(*lookups)

    def extra(self, *args: Any, **kwargs: Any) -> Any:
        """Local only: ``skip_remote().extra(...)``."""
        self._require_local("extra")
        return super().extra(*args, **kwargs)

    def defer(self, *fields: Any) -> Any:
        """Local only: ``skip_remote().defer(...)``."""
        self._require_local("defer")
        return super().defer(*fields)

    def only(self, *fields: Any) -> Any:
        """Local only: ``skip_remote().only(...)``."""
        self._require_local("only")
        return super().only(*fields)

    def raw(self, *args: Any, **kwargs: Any) -> Any:
        """Local only: ``skip_remote().raw(...)``."""
        self._require_local("raw")
        return super().raw(*args, **kwargs)

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Local only: ``skip_remote().aggregate(...)``."""
        self._require_local("aggregate")
        return super().aggregate(*args, **kwargs)

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        """Local only: ``skip_remote().bulk_update(...)`` (then save rows to mirror them)."""
        self._require_local("bulk_update")
        return super().bulk_update(objs, fields, batch_size=batch_size)
