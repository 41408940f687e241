"""Orders and order items of the REST API: reading them by role, paying, cancelling and moving
item statuses along the life cycle (``marketplace.services.lifecycle``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.models import Order, OrderItem
from marketplace.services.lifecycle import cancel_order, change_item_status, pay_order

from . import serializers as api
from .acting import acting_as
from .filters import OrderFilter, OrderItemFilter
from .lookups import IdLookupMixin
from .permissions import ReadOnlyUnlessStaff
from .roles import customer_of, is_staff, vendor_of

__all__ = ["OrderItemViewSet", "OrderViewSet"]


class OrderViewSet(
    IdLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Orders: customers read their own, vendors read and edit theirs, staff everything.

    Updates go through ``Order.objects.update_with_pipeline`` so the order's CRM pipeline
    follows in the same transaction.
    """

    permission_classes = [ReadOnlyUnlessStaff]
    filterset_class = OrderFilter
    search_fields = ["order_code", "contact"]
    ordering_fields = ["created_at", "total_amount", "order_date", "id"]

    def get_queryset(self) -> QuerySet[Order]:
        queryset = (
            Order.objects.select_related("vendor", "customer__user")
            .prefetch_related("items__product__vendor")
            .order_by("-created_at", "-id")
        )
        user = self.request.user
        if is_staff(user):
            return queryset
        vendor, customer = vendor_of(user), customer_of(user)
        if self.request.method in ("PUT", "PATCH"):
            return queryset.filter(vendor=vendor) if vendor else queryset.none()
        if vendor is not None:
            return queryset.filter(vendor=vendor)
        if customer is not None:
            return queryset.filter(customer=customer)
        return queryset.none()

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        user = self.request.user
        if is_staff(user) or getattr(self, "swagger_fake_view", False):
            return api.OrderSerializer
        if vendor_of(user) is not None:
            return api.VendorOrderSerializer
        return api.CustomerOrderSerializer

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with acting_as(self.request.user):
            serializer.save()

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        """Write the editable fields and the order's CRM pipeline in one transaction."""
        order: Order = serializer.instance  # type: ignore[assignment]
        data: dict[str, Any] = dict(serializer.validated_data)
        with acting_as(self.request.user), transaction.atomic():
            if data:
                Order.objects.update_with_pipeline(instance=order, user=self.request.user, **data)
            order.refresh_from_db()

    def perform_destroy(self, instance: Order) -> None:
        with acting_as(self.request.user):
            instance.delete()

    def _order_response(self, order: Order) -> Response:
        fresh = self.get_queryset().get(pk=order.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        """The customer pays the order (paying twice changes nothing); 400 when cancelled."""
        order = self.get_object()
        if customer_of(request.user) is None and not is_staff(request.user):
            return Response(
                {"detail": "Only the customer pays an order."}, status=status.HTTP_403_FORBIDDEN
            )
        return self._order_response(pay_order(order, by=request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the order and its items (its customer, vendor or staff); 400 once an item
        has shipped or the order is cancelled already."""
        order = self.get_object()
        with acting_as(request.user):
            return self._order_response(cancel_order(order, by=request.user))


class OrderItemViewSet(IdLookupMixin, viewsets.ModelViewSet):
    """Order items: customers read theirs, vendors change the status of theirs, staff all."""

    permission_classes = [permissions.IsAuthenticated]
    filterset_class = OrderItemFilter
    ordering_fields = ["id", "status"]

    def get_queryset(self) -> QuerySet[OrderItem]:
        queryset = OrderItem.objects.select_related("product__vendor", "order").order_by("id")
        user = self.request.user
        if is_staff(user):
            return queryset
        vendor, customer = vendor_of(user), customer_of(user)
        if vendor is not None:
            return queryset.filter(order__vendor=vendor)
        if customer is not None and self.request.method in permissions.SAFE_METHODS:
            return queryset.filter(order__customer=customer)
        return queryset.none()

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if is_staff(self.request.user) or getattr(self, "swagger_fake_view", False):
            return api.OrderItemSerializer
        return api.OrderItemStatusSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Only staff add items to existing orders (customers order through checkout)."""
        if not is_staff(request.user):
            return Response(
                {"detail": "Only staff can add items to an order."},
                status=status.HTTP_403_FORBIDDEN,
            )
        return super().create(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Only staff remove items."""
        if not is_staff(request.user):
            return Response(
                {"detail": "Only staff can remove order items."}, status=status.HTTP_403_FORBIDDEN
            )
        return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with acting_as(self.request.user):
            serializer.save()

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        """Save the other fields (staff), then move ``status`` along the life cycle."""
        new_status = serializer.validated_data.pop("status", None)
        with acting_as(self.request.user), transaction.atomic():
            if serializer.validated_data:
                serializer.save()
            item: OrderItem = serializer.instance  # type: ignore[assignment]
            if new_status is not None:
                change_item_status([item], new_status, by=self.request.user)
                item.refresh_from_db()

    def perform_destroy(self, instance: OrderItem) -> None:
        with acting_as(self.request.user):
            instance.delete()

    @extend_schema(
        request=api.BulkItemStatusSerializer, responses={200: api.BulkItemStatusSerializer}
    )
    @action(detail=False, methods=["post"], url_path="bulk-status")
    def bulk_status(self, request: Request) -> Response:
        """Move many of the user's order items to ``status`` in one tracked UPDATE, all or
        nothing (400 naming the first illegal transition); their orders follow."""
        payload = api.BulkItemStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = set(payload.validated_data["ids"])
        items = self.get_queryset().filter(pk__in=ids)
        if vendor_of(request.user) is None and not is_staff(request.user):
            return Response(
                {"detail": "Only vendors change item status."}, status=status.HTTP_403_FORBIDDEN
            )
        found = set(items.values_list("pk", flat=True))
        if found != ids:
            missing = sorted(ids - found)
            return Response(
                {"ids": [f"Unknown order items: {missing}."]}, status=status.HTTP_400_BAD_REQUEST
            )
        change_item_status(items, payload.validated_data["status"], by=request.user)
        return Response(payload.validated_data)
