"""The models of :mod:`modelsync.remote`: the :class:`RemoteModel` base, the outbox and the
pull watermarks.

Import model bases from here (``from modelsync.remote.models import RemoteModel``): defining a
model needs the app registry, which ``modelsync.remote`` itself must not.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models, router, transaction

from . import config
from .options import RemoteOptions
from .queryset import RemoteManager
from .writes import assign_client_key, push_delete, push_save

__all__ = ["OutboxEntry", "PullWatermark", "RemoteModel"]


class RemoteModel(models.Model):
    """Adds ``remote_pk``, ``modified``, ``remote_etag`` and ``remote_deleted``;
    ``save()``/``delete()`` write both sides.

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
    remote_etag = models.CharField(
        max_length=200,
        blank=True,
        default="",
        editable=False,
        help_text="The remote row's version (ETag) this copy was read at; sent as If-Match.",
    )
    remote_deleted = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by `modelsync_remote pull` when the remote row is gone "
        '(MODELSYNC_REMOTE_PULL_DELETES = "flag").',
    )

    objects = RemoteManager()
    remote: ClassVar[RemoteOptions]

    class Meta:
        abstract = True

    def save(self, *args: Any, skip_remote: bool = False, **kwargs: Any) -> None:
        """Save locally, then remotely in the same transaction (rolled back if the remote fails).

        When a new row fails, it keeps its client-generated ``remote_pk``: the request may have
        reached the remote, and saving again then finds that row instead of creating a second.
        """
        if skip_remote or not config.enabled():
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        adding, pk, remote_pk = self._state.adding, self.pk, self.remote_pk
        creating = adding or remote_pk is None
        try:
            with transaction.atomic(using=using):
                # A key generated now cannot be on the remote yet; one the row already had may.
                fresh_key = creating and assign_client_key(self)
                super().save(*args, **kwargs)
                push_save(self, creating, kwargs.get("update_fields"), fresh_key)
        except BaseException:
            # The row was rolled back: leave the instance as the caller had it, except for a
            # new row's key, which a retry needs to be recognised.
            if adding:
                self.pk = pk
                self._state.adding = True
            else:
                self.remote_pk = remote_pk
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
        pk, remote_pk, etag = self.pk, self.remote_pk, self.remote_etag
        try:
            with transaction.atomic(using=using):
                result = super().delete(using=using, keep_parents=keep_parents, **kwargs)
                push_delete(type(self), [(pk, remote_pk, etag)])
        except BaseException:
            self.pk = pk
            raise
        return result


class OutboxEntry(models.Model):
    """One remote write waiting for (or done by) the Celery delivery task.

    ``remote_pk`` is known before delivery (client-generated keys), which is what makes a
    repeated delivery harmless: a create that already reached the remote is recognised.
    """

    class Action(models.TextChoices):
        CREATE = "create", "create"
        UPDATE = "update", "update"
        DELETE = "delete", "delete"

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        DELIVERED = "delivered", "delivered"

    model = models.CharField(max_length=200, help_text="app_label.ModelName of the local row")
    object_pk = models.CharField(max_length=64, help_text="Primary key of the local row")
    entity_set = models.CharField(max_length=200)
    remote_pk = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=Action.choices)
    payload = models.JSONField(default=dict, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "remote outbox entry"
        verbose_name_plural = "remote outbox entries"

    def __str__(self) -> str:
        return f"{self.action} {self.model} {self.object_pk} → {self.entity_set}({self.remote_pk})"


class PullWatermark(models.Model):
    """How far ``modelsync_remote pull`` has brought one model: the rows the remote modified
    after ``watermark`` (or at it, with a key after ``watermark_key``) are still to be pulled.
    Advanced after every page, so an interrupted pull resumes where it stopped."""

    model = models.CharField(max_length=200, unique=True, help_text="app_label.ModelName")
    watermark = models.DateTimeField(null=True, blank=True)
    watermark_key = models.CharField(
        max_length=64, blank=True, default="", help_text="Last key pulled at the watermark"
    )
    pulled_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(
        null=True, blank=True, help_text="When remote deletes were last looked for"
    )

    class Meta:
        verbose_name = "remote pull watermark"

    def __str__(self) -> str:
        return f"{self.model} pulled up to {self.watermark}"
