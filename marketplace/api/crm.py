"""CRM API: pipelines, and order updates that go through the sync manager (``api/crm/``).

Only staff use the CRM. Order updates here call ``Order.objects.update_with_pipeline`` (one
order) and ``bulk_update_with_pipeline`` (many), so each pipeline follows its order in the
same transaction.
"""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.models import Order, Pipeline
from modelsync.sync.drf import SyncUpdateMixin

from .fields import IdField, ModelSerializer
from .lookups import IdLookupMixin

__all__ = [
    "BulkOrderUpdateSerializer",
    "CrmOrderSerializer",
    "CrmOrderViewSet",
    "PipelineSerializer",
    "PipelineViewSet",
]


class PipelineSerializer(ModelSerializer):
    """A deal. ``contact`` is editable and flows back to the order; the amount and the
    date are the order's and read-only here."""

    order_code = serializers.CharField(source="order.order_code", read_only=True)

    class Meta:
        model = Pipeline
        fields = [
            "id",
            "order",
            "order_code",
            "stage",
            "contact",
            "order_date",
            "total_amount",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = ["order_date", "total_amount", "updated_by", "updated_at"]


class PipelineViewSet(IdLookupMixin, viewsets.ModelViewSet):
    """Deals of the CRM (staff only)."""

    queryset = Pipeline.objects.select_related("order").order_by("-id")
    serializer_class = PipelineSerializer
    permission_classes = [permissions.IsAdminUser]
    filterset_fields = ["stage"]
    ordering_fields = ["id", "updated_at", "total_amount"]

    def perform_update(self, serializer: Any) -> None:
        """Save with the request user as ``updated_by``."""
        serializer.save(updated_by=self.request.user)


class CrmOrderSerializer(ModelSerializer):
    """The order fields the CRM edits (the synced ones, and the status)."""

    class Meta:
        model = Order
        fields = ["id", "order_code", "contact", "order_date", "total_amount", "status"]
        read_only_fields = ["order_code"]
        extra_kwargs = {"total_amount": {"min_value": 0}}


class BulkOrderUpdateSerializer(serializers.Serializer):
    """``{"ids": [...], "values": {...}}``: set the same values on many orders."""

    ids = serializers.ListField(child=IdField(), min_length=1, max_length=10_000)
    values = CrmOrderSerializer(partial=True)


class CrmOrderViewSet(
    IdLookupMixin,
    SyncUpdateMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Update orders (and with them their pipelines) through the sync manager."""

    queryset = Order.objects.order_by("-id")
    serializer_class = CrmOrderSerializer
    permission_classes = [permissions.IsAdminUser]

    @action(detail=False, methods=["post"], url_path="bulk-update")
    def bulk_update(self, request: Request) -> Response:
        """Set ``values`` on the orders ``ids``; answers ``{"updated": count}``."""
        payload = BulkOrderUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data["values"])
        if not values:
            raise serializers.ValidationError({"values": "Give at least one field to set."})
        count = Order.objects.bulk_update_with_pipeline(
            queryset=Order.objects.filter(pk__in=payload.validated_data["ids"]),
            user=request.user,
            **values,
        )
        return Response({"updated": count}, status=status.HTTP_200_OK)
