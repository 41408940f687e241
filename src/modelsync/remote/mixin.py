"""``RemoteModel``: the abstract base of models mirrored to a remote entity set."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models, router, transaction

from . import config
from .options import RemoteOptions
from .queryset import RemoteManager
from .writes import assign_client_key, push_delete, push_save


class RemoteModel(models.Model):
    """Adds ``remote_pk`` and ``modified``; ``save()``/``delete()`` write both sides.

    Declare the remote side with ``remote = RemoteOptions("EntitySet", fields={...})``.
    ``save(skip_remote=True)`` / ``delete(skip_remote=True)`` only touch the local row (the
    two sides then differ until the next save).
    """

    remote_pk = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Key of the row on the remote service (empty: not mirrored yet).",
    )
    modified = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the remote last changed the row; get() refreshes older local copies.",
    )

    objects = RemoteManager()
    remote: ClassVar[RemoteOptions]

    class Meta:
        abstract = True

    def save(self, *args: Any, skip_remote: bool = False, **kwargs: Any) -> None:
        """Save locally, then remotely in the same transaction (rolled back if the remote fails)."""
        if skip_remote or not config.enabled():
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        adding, pk, remote_pk = self._state.adding, self.pk, self.remote_pk
        creating = remote_pk is None
        try:
            with transaction.atomic(using=using):
                if creating:
                    assign_client_key(self)
                super().save(*args, **kwargs)
                push_save(self, creating, kwargs.get("update_fields"))
        except BaseException:
            # The row was rolled back: leave the instance as the caller had it.
            self.remote_pk = remote_pk
            if adding:
                self.pk = pk
                self._state.adding = True
            raise

    def delete(
        self,
        using: Any = None,
        keep_parents: bool = False,
        skip_remote: bool = False,
        **kwargs: Any,
    ) -> tuple[int, dict[str, int]]:
        """Delete locally and remotely in one transaction (rolled back if the remote fails).

        Other keyword arguments (``tracking_info_`` of a tracked model) go to the next base.
        """
        if skip_remote or not config.enabled() or self.remote_pk is None:
            return super().delete(using=using, keep_parents=keep_parents, **kwargs)
        using = using or router.db_for_write(type(self), instance=self)
        pk, remote_pk = self.pk, self.remote_pk
        try:
            with transaction.atomic(using=using):
                result = super().delete(using=using, keep_parents=keep_parents, **kwargs)
                push_delete(type(self), [(pk, remote_pk)])
        except BaseException:
            self.pk = pk
            raise
        return result
