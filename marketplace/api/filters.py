"""Filters of the REST collections (django-filter).

Every filter on an id (``?vendor=``, ``?category=``, ``?tag=``, ``?order=``...) is an
:class:`IdFilter`: the value is read by ``parse_id`` (a bad one is a 400 naming the parameter)
and is *not* looked up first. So ``?order=<someone else's order>`` answers exactly like
``?order=<an order that doesn't exist>`` -- an empty page -- and tells nobody which ids exist.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from marketplace.ids import InvalidId, parse_id
from marketplace.models import CartItem, Order, OrderItem, Product, ProductReview

__all__ = [
    "CartItemFilter",
    "IdFilter",
    "OrderFilter",
    "OrderItemFilter",
    "ProductFilter",
    "ProductReviewFilter",
]


class IdFormField(forms.Field):
    """A form field holding one id, checked by ``parse_id``."""

    def to_python(self, value: Any) -> int | None:
        """The id, ``None`` when empty; a ``ValidationError`` naming the value otherwise."""
        text = value.strip() if isinstance(value, str) else value
        if text in self.empty_values:
            return None
        try:
            return parse_id(text, "value")
        except InvalidId as error:
            raise forms.ValidationError(str(error), code="invalid_id") from error


class IdFilter(django_filters.Filter):
    """Rows whose ``field_name`` (a foreign key or many-to-many) holds the given id."""

    field_class = IdFormField


class ProductFilter(django_filters.FilterSet):
    """Products by vendor, category, tag, price range, minimum rating and stock."""

    vendor = IdFilter(field_name="vendor")
    category = IdFilter(field_name="category")
    tag = IdFilter(field_name="tags", distinct=True)
    # Bounded like the columns, so a value the database can't compare with is a 400.
    min_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", max_digits=10, decimal_places=2
    )
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", max_digits=10, decimal_places=2
    )
    min_rating = django_filters.NumberFilter(
        field_name="rating", lookup_expr="gte", max_digits=2, decimal_places=1
    )
    in_stock = django_filters.BooleanFilter(
        field_name="stock", lookup_expr="gt", method="filter_in_stock"
    )

    class Meta:
        model = Product
        fields = ["is_active"]

    def filter_in_stock(
        self, queryset: QuerySet[Product], name: str, value: bool | None
    ) -> QuerySet[Product]:
        """``in_stock=true``: stock above zero; ``false``: sold out."""
        if value is None:
            return queryset
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)


class CartItemFilter(django_filters.FilterSet):
    """Cart lines by product."""

    product = IdFilter(field_name="product")

    class Meta:
        model = CartItem
        fields: list[str] = []


class OrderFilter(django_filters.FilterSet):
    """Orders by status, payment, vendor, customer and creation date."""

    vendor = IdFilter(field_name="vendor")
    customer = IdFilter(field_name="customer")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = Order
        fields = ["status", "is_paid", "order_code"]


class OrderItemFilter(django_filters.FilterSet):
    """Order items by order, product and status."""

    order = IdFilter(field_name="order")
    product = IdFilter(field_name="product")

    class Meta:
        model = OrderItem
        fields = ["status"]


class ProductReviewFilter(django_filters.FilterSet):
    """Reviews by product and minimum rating."""

    product = IdFilter(field_name="product")
    min_rating = django_filters.NumberFilter(
        field_name="rating", lookup_expr="gte", max_digits=2, decimal_places=1
    )

    class Meta:
        model = ProductReview
        fields: list[str] = []
