"""CRUD viewsets of the REST API. Each queryset holds only the rows the user may see, so
someone else's object is a 404; role checks (403) are in ``permissions``. Ids in paths are
checked by ``lookups.IdLookupMixin``; shop rules live in ``marketplace.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.models import (
    CartItem,
    Category,
    CustomerProfile,
    Order,
    Product,
    ProductReview,
    SearchedProduct,
    Tag,
    VendorProfile,
    ViewedProduct,
)
from marketplace.services.cart import add_to_cart, set_quantity
from marketplace.services.checkout import CheckoutError, place_order

from . import serializers as api
from .acting import acting_as
from .errors import Conflict
from .filters import (
    CartItemFilter,
    ProductFilter,
    ProductReviewFilter,
)
from .lookups import IdLookupMixin
from .permissions import (
    IsCustomerOrStaff,
    IsStaffOrReadOnly,
    IsVendorOrStaffForWrites,
)
from .roles import customer_of, is_staff, vendor_of


class CategoryViewSet(IdLookupMixin, viewsets.ModelViewSet):
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


class VendorViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
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


class CustomerViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
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


class ProductViewSet(IdLookupMixin, viewsets.ModelViewSet):
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

    def perform_destroy(self, instance: Product) -> None:
        """Delete a product never ordered; an ordered one is a 409 (order lines keep it)."""
        try:
            with acting_as(self.request.user), transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise Conflict(
                f"Product {instance.pk} ({instance.name!r}) has been ordered, so it can't be "
                "deleted; set is_active to false to take it off sale."
            ) from error

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsCustomerOrStaff])
    def favourite(self, request: Request, pk: str | None = None) -> Response:
        """Add (POST) or remove (DELETE) the product from the customer's favourites."""
        return toggle_favourite(request, "favourite_products", self.get_object)


class CartItemViewSet(IdLookupMixin, viewsets.ModelViewSet):
    """The request user's cart (customers); staff see all carts."""

    serializer_class = api.CartItemSerializer
    permission_classes = [permissions.IsAuthenticated, IsCustomerOrStaff]
    filterset_class = CartItemFilter
    ordering_fields = ["added_at", "id"]

    def get_queryset(self) -> QuerySet[CartItem]:
        queryset = CartItem.objects.select_related("product__vendor").order_by("-added_at", "-id")
        if is_staff(self.request.user):
            return queryset
        customer = customer_of(self.request.user)
        return queryset.filter(customer=customer) if customer else queryset.none()

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        """Add through ``services.cart`` (a product already in the cart grows its line)."""
        data = serializer.validated_data
        serializer.instance = add_to_cart(data["customer"], data["product"], data["quantity"])

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        """Change the quantity through ``services.cart`` (the same per-line cap)."""
        line: CartItem = serializer.instance  # type: ignore[assignment]
        if "quantity" in serializer.validated_data:
            set_quantity(line, serializer.validated_data["quantity"])


class ProductReviewViewSet(IdLookupMixin, viewsets.ModelViewSet):
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
