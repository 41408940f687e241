"""CRUD viewsets of the REST API. Each queryset holds only the rows the user may see, so
someone else's object is a 404; role checks (403) are in ``permissions``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.models import (
    CartItem,
    Category,
    CustomerProfile,
    Order,
    OrderItem,
    Product,
    ProductReview,
    SearchedProduct,
    Tag,
    VendorProfile,
    ViewedProduct,
)
from marketplace.services.checkout import CheckoutError, place_order

from . import serializers as api
from .acting import acting_as
from .filters import OrderFilter, OrderItemFilter, ProductFilter, ProductReviewFilter
from .permissions import (
    IsCustomerOrStaff,
    IsStaffOrReadOnly,
    IsVendorOrStaffForWrites,
    ReadOnlyUnlessStaff,
)
from .roles import customer_of, is_staff, vendor_of


class CategoryViewSet(viewsets.ModelViewSet):
    """Categories: anyone reads, staff write."""

    queryset = Category.objects.all()
    serializer_class = api.CategorySerializer
    permission_classes = [IsStaffOrReadOnly]
    search_fields = ["name"]
    ordering_fields = ["name", "id"]


class TagViewSet(CategoryViewSet):
    """Tags: anyone reads, staff write."""

    queryset = Tag.objects.all()  # type: ignore[assignment]
    serializer_class = api.TagSerializer  # type: ignore[assignment]


def toggle_favourite(request: Request, relation: str, get_object: Callable[[], Any]) -> Response:
    """Add (POST) or remove (DELETE) an object in one of the customer's favourite relations."""
    customer = customer_of(request.user)
    if customer is None:
        return Response(
            {"detail": "Only customers have favourites."}, status=status.HTTP_403_FORBIDDEN
        )
    favourites = getattr(customer, relation)
    if request.method == "POST":
        favourites.add(get_object())
    else:
        favourites.remove(get_object())
    return Response(status=status.HTTP_204_NO_CONTENT)


class VendorViewSet(viewsets.ReadOnlyModelViewSet):
    """The shops (public)."""

    queryset = VendorProfile.objects.all()
    serializer_class = api.VendorBriefSerializer
    permission_classes = [permissions.AllowAny]
    search_fields = ["shop_name"]
    ordering_fields = ["shop_name", "id"]

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated, IsCustomerOrStaff],
    )
    def favourite(self, request: Request, pk: str | None = None) -> Response:
        """Add (POST) or remove (DELETE) the shop from the customer's favourite vendors."""
        return toggle_favourite(request, "favourite_vendors", self.get_object)


class CustomerViewSet(viewsets.ReadOnlyModelViewSet):
    """Customer profiles: a customer sees their own, staff all."""

    serializer_class = api.CustomerSerializer
    ordering_fields = ["id"]

    def get_queryset(self) -> QuerySet[CustomerProfile]:
        queryset = CustomerProfile.objects.select_related("user").order_by("id")
        if is_staff(self.request.user):
            return queryset
        return (
            queryset.filter(user=self.request.user)
            if self.request.user.is_authenticated
            else queryset.none()
        )


class ProductViewSet(viewsets.ModelViewSet):
    """The catalog: anyone reads active products; a vendor edits only their own."""

    serializer_class = api.ProductSerializer
    permission_classes = [IsVendorOrStaffForWrites]
    filterset_class = ProductFilter
    search_fields = ["name", "description", "product_id"]
    ordering_fields = ["price", "rating", "created_at", "name", "id"]

    def get_queryset(self) -> QuerySet[Product]:
        queryset = Product.objects.select_related("vendor").prefetch_related("tags").order_by("-id")
        user = self.request.user
        if is_staff(user):
            return queryset
        vendor = vendor_of(user)
        # Favouriting writes to the customer, not the product: it sees the public catalog.
        if self.request.method not in permissions.SAFE_METHODS and self.action != "favourite":
            return queryset.filter(vendor=vendor) if vendor else queryset.none()
        if vendor is not None:
            # A vendor also sees their own inactive products.
            from django.db.models import Q

            return queryset.filter(Q(is_active=True) | Q(vendor=vendor))
        return queryset.filter(is_active=True)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The catalog; a customer's ``?search=`` is recorded for their dashboard."""
        customer = customer_of(request.user)
        query = str(request.query_params.get("search", "")).strip()[:255]
        if customer is not None and query:
            SearchedProduct.objects.create(customer=customer, query=query)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One product; a customer's view is recorded for their dashboard."""
        response = super().retrieve(request, *args, **kwargs)
        customer = customer_of(request.user)
        if customer is not None:
            ViewedProduct.objects.create(customer=customer, product_id=response.data["id"])
        return response

    def _vendor_for_write(self, serializer: serializers.BaseSerializer) -> VendorProfile:
        vendor = vendor_of(self.request.user)
        if vendor is not None and not is_staff(self.request.user):
            return vendor
        chosen = serializer.validated_data.get("vendor")
        if chosen is None:
            chosen = getattr(serializer.instance, "vendor", None) or vendor
        if chosen is None:
            raise serializers.ValidationError({"vendor": ["This field is required."]})
        return chosen  # type: ignore[no-any-return,unused-ignore]

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with acting_as(self.request.user):
            serializer.save(vendor=self._vendor_for_write(serializer))

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        with acting_as(self.request.user):
            serializer.save(vendor=self._vendor_for_write(serializer))

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsCustomerOrStaff])
    def favourite(self, request: Request, pk: str | None = None) -> Response:
        """Add (POST) or remove (DELETE) the product from the customer's favourites."""
        return toggle_favourite(request, "favourite_products", self.get_object)


class CartItemViewSet(viewsets.ModelViewSet):
    """The request user's cart (customers); staff see all carts."""

    serializer_class = api.CartItemSerializer
    permission_classes = [permissions.IsAuthenticated, IsCustomerOrStaff]
    filterset_fields = ["product"]
    ordering_fields = ["added_at", "id"]

    def get_queryset(self) -> QuerySet[CartItem]:
        queryset = CartItem.objects.select_related("product__vendor").order_by("-added_at", "-id")
        if is_staff(self.request.user):
            return queryset
        customer = customer_of(self.request.user)
        return queryset.filter(customer=customer) if customer else queryset.none()


class OrderViewSet(
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
        data: dict[str, Any] = dict(serializer.validated_data)
        update_with_pipeline = getattr(Order.objects, "update_with_pipeline", None)
        with acting_as(self.request.user), transaction.atomic():
            if update_with_pipeline is None:
                serializer.save(updated_by=self.request.user)
                return
            update_with_pipeline(instance=serializer.instance, user=self.request.user, **data)
            serializer.instance.refresh_from_db()  # type: ignore[union-attr]

    def perform_destroy(self, instance: Order) -> None:
        with acting_as(self.request.user):
            instance.delete()


class OrderItemViewSet(viewsets.ModelViewSet):
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
        with acting_as(self.request.user):
            serializer.save()

    def perform_destroy(self, instance: OrderItem) -> None:
        with acting_as(self.request.user):
            instance.delete()

    @extend_schema(
        request=api.BulkItemStatusSerializer, responses={200: api.BulkItemStatusSerializer}
    )
    @action(detail=False, methods=["post"], url_path="bulk-status")
    def bulk_status(self, request: Request) -> Response:
        """Set ``status`` on many of the user's order items in one tracked UPDATE; their
        orders' status and total follow."""
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
        with acting_as(request.user), transaction.atomic():
            OrderItem.objects.filter(pk__in=ids).update(status=payload.validated_data["status"])
        return Response(payload.validated_data)


class ProductReviewViewSet(viewsets.ModelViewSet):
    """Reviews: customers write and see their own, vendors see those of their products."""

    serializer_class = api.ProductReviewSerializer
    filterset_class = ProductReviewFilter
    ordering_fields = ["created_at", "rating", "id"]

    def get_permissions(self) -> list[Any]:
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.IsAuthenticated()]
        return [permissions.IsAuthenticated(), IsCustomerOrStaff()]

    def get_queryset(self) -> QuerySet[ProductReview]:
        queryset = ProductReview.objects.select_related("customer__user", "product").order_by(
            "-created_at", "-id"
        )
        user = self.request.user
        if is_staff(user):
            return queryset
        customer, vendor = customer_of(user), vendor_of(user)
        if customer is not None:
            return queryset.filter(customer=customer)
        if vendor is not None and self.request.method in permissions.SAFE_METHODS:
            return queryset.filter(product__vendor=vendor)
        return queryset.none()


class CheckoutViewSet(viewsets.GenericViewSet):
    """Turn the request user's cart into orders (one per vendor)."""

    permission_classes = [permissions.IsAuthenticated, IsCustomerOrStaff]
    serializer_class = api.CheckoutResultSerializer

    def get_queryset(self) -> QuerySet[Order]:
        return Order.objects.none()

    @extend_schema(request=None, responses={201: api.CheckoutResultSerializer})
    def create(self, request: Request) -> Response:
        """Place the orders; 400 with the reason when the cart can't be ordered."""
        customer = customer_of(request.user)
        if customer is None:
            return Response(
                {"detail": "Only customers check out."}, status=status.HTTP_403_FORBIDDEN
            )
        try:
            with acting_as(request.user):
                orders = place_order(customer)
        except CheckoutError as error:
            return Response({"cart": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        fresh = (
            Order.objects.filter(pk__in=[o.pk for o in orders])
            .select_related("vendor", "customer__user")
            .prefetch_related("items__product__vendor")
            .order_by("id")
        )
        data = api.CheckoutResultSerializer(
            {"orders": list(fresh)}, context={"request": request}
        ).data
        return Response(data, status=status.HTTP_201_CREATED)
