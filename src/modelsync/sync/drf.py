"""DRF: a viewset mixin whose updates go through the sync manager (locked, stamped, synced)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


class SyncUpdateMixin:
    """Mixin for a ``ModelViewSet``: ``perform_update`` calls ``update_synced`` (locked row,
    only the validated fields written, targets synced, ``updated_by`` = the request's user).

    Example::

        class OrderViewSet(SyncUpdateMixin, ModelViewSet):
            queryset = Order.objects.all()
            serializer_class = OrderSerializer
    """

    request: Any
    get_queryset: Any

    def perform_update(self, serializer: Any) -> None:
        """Write through the sync manager instead of ``serializer.save()``."""
        model: type[models.Model] = serializer.instance.__class__
        manager: Any = model._default_manager
        fields = {
            name: value
            for name, value in serializer.validated_data.items()
            if not _is_many_to_many(model, name)
        }
        user = getattr(self.request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        serializer.instance = manager.update_synced(
            instance=serializer.instance, user=user, **fields
        )


def _is_many_to_many(model: type[models.Model], name: str) -> bool:
    try:
        return bool(model._meta.get_field(name).many_to_many)
    except FieldDoesNotExist:  # a serializer-only field: update_synced names it in its error
        return False
