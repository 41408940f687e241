"""The ``ordering_services`` object of an ordered instance."""

from __future__ import annotations

from django.db import models

from .processor import OrderingProcessor

__all__ = ["OrderingService"]


class OrderingService:
    """Groups the ordering tools of one instance: ``obj.ordering_services.processor``."""

    def __init__(self, obj: models.Model) -> None:
        self.processor = OrderingProcessor(obj)
