"""Filters of the REST collections (django-filter)."""

from __future__ import annotations

import django_filters

from marketplace.models import Order, OrderItem, Product, ProductReview

__all__ = ["OrderFilter", "OrderItemFilter", "ProductFilter", "ProductReviewFilter"]


class ProductFilter(django_filters.FilterSet):
    """Products by vendor, category, tag, price range, minimum rating and stock."""

    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    min_rating = django_filters.NumberFilter(field_name="rating", lookup_expr="gte")
    in_stock = django_filters.BooleanFilter(
        field_name="stock", lookup_expr="gt", method="filter_in_stock"
    )
    tag = django_filters.NumberFilter(field_name="tags", distinct=True)

    class Meta:
        model = Product
        fields = ["vendor", "category", "is_active"]

    def filter_in_stock(self, queryset, name: str, value: bool | None):
        """``in_stock=true``: stock above zero; ``false``: sold out."""
        if value is None:
            return queryset
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)


class OrderFilter(django_filters.FilterSet):
    """Orders by status, payment, vendor, customer and creation date."""

    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = Order
        fields = ["status", "is_paid", "vendor", "customer", "order_code"]


class OrderItemFilter(django_filters.FilterSet):
    """Order items by order, product and status."""

    class Meta:
        model = OrderItem
        fields = ["order", "product", "status"]


class ProductReviewFilter(django_filters.FilterSet):
    """Reviews by product and minimum rating."""

    min_rating = django_filters.NumberFilter(field_name="rating", lookup_expr="gte")

    class Meta:
        model = ProductReview
        fields = ["product"]
