"""The data of the customer and vendor dashboards, in a constant number of queries.

Each section is one query (related rows joined or prefetched), so a dashboard costs the same
number of queries for a new shop and for one with 100k orders. Lists are capped at
``MARKETPLACE_DASHBOARD_LIMIT`` newest rows (default 20): a dashboard summarises; the full,
paginated lists are the REST collections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.models import (
    CartItem,
    CustomerProfile,
    Order,
    OrderItem,
    Product,
    ProductReview,
    SearchedProduct,
    VendorProfile,
    ViewedProduct,
)

__all__ = [
    "RECENT_ACTIVITY",
    "TOP_PRODUCTS",
    "customer_dashboard",
    "daily_sales",
    "dashboard_limit",
    "vendor_dashboard",
]

RECENT_ACTIVITY = 5  # last viewed / searched shown: a glance, not a history
TOP_PRODUCTS = 10  # top products by rating
CENTS = Decimal("0.01")


def dashboard_limit() -> int:
    """``MARKETPLACE_DASHBOARD_LIMIT``: how many newest rows a dashboard list shows (20)."""
    return int(getattr(settings, "MARKETPLACE_DASHBOARD_LIMIT", 20))


def _products() -> QuerySet[Product]:
    return Product.objects.select_related("vendor", "category")


def _orders_with_items() -> QuerySet[Order]:
    items = OrderItem.objects.select_related("product__vendor").order_by("id")
    return Order.objects.select_related("vendor", "customer__user").prefetch_related(
        Prefetch("items", queryset=items)
    )


@dataclass
class CustomerDashboard:
    """Everything the customer dashboard shows."""

    customer: CustomerProfile
    viewed_products: list[ViewedProduct]
    searched_products: list[SearchedProduct]
    cart_items: list[CartItem]
    orders: list[Order]
    top_products: list[Product]
    favourite_products: list[Product]
    favourite_vendors: list[VendorProfile]


@dataclass
class VendorDashboard:
    """Everything the seller dashboard shows."""

    vendor: VendorProfile
    products: list[Product]
    sold_products: list[OrderItem]
    orders: list[Order]
    reviews: list[ProductReview]
    customers: list[CustomerProfile]


def customer_dashboard(customer: CustomerProfile) -> CustomerDashboard:
    """The customer dashboard of ``customer`` (8 queries, whatever the data size)."""
    limit = dashboard_limit()
    # Favourites are prefetched onto the given instance (no re-read of the customer).
    prefetch_related_objects(
        [customer],
        Prefetch(
            "favourite_products",
            queryset=_products().order_by("name", "id"),
            to_attr="dashboard_favourite_products",
        ),
        Prefetch(
            "favourite_vendors",
            queryset=VendorProfile.objects.order_by("shop_name", "id"),
            to_attr="dashboard_favourite_vendors",
        ),
    )
    return CustomerDashboard(
        customer=customer,
        viewed_products=list(
            ViewedProduct.objects.filter(customer=customer)
            .select_related("product__vendor", "product__category")
            .order_by("-viewed_at", "-id")[:RECENT_ACTIVITY]
        ),
        searched_products=list(
            SearchedProduct.objects.filter(customer=customer).order_by("-searched_at", "-id")[
                :RECENT_ACTIVITY
            ]
        ),
        cart_items=list(
            CartItem.objects.filter(customer=customer)
            .select_related("product__vendor", "product__category")
            .order_by("-added_at", "-id")[:limit]
        ),
        orders=list(
            _orders_with_items().filter(customer=customer).order_by("-created_at", "-id")[:limit]
        ),
        top_products=list(
            _products().filter(is_active=True).order_by("-rating", "-id")[:TOP_PRODUCTS]
        ),
        favourite_products=customer.dashboard_favourite_products,  # type: ignore[attr-defined]
        favourite_vendors=customer.dashboard_favourite_vendors,  # type: ignore[attr-defined]
    )


def vendor_dashboard(vendor: VendorProfile) -> VendorDashboard:
    """The seller dashboard of ``vendor`` (6 queries, whatever the data size)."""
    limit = dashboard_limit()
    customer_ids = (
        Order.objects.filter(vendor=vendor, customer__isnull=False)
        .order_by()
        .values("customer_id")
        .distinct()
    )
    return VendorDashboard(
        vendor=vendor,
        products=list(_products().filter(vendor=vendor).order_by("-created_at", "-id")[:limit]),
        sold_products=list(
            OrderItem.objects.filter(order__vendor=vendor)
            .select_related("product__vendor", "product__category", "order")
            .order_by("-id")[:limit]
        ),
        orders=list(
            _orders_with_items().filter(vendor=vendor).order_by("-created_at", "-id")[:limit]
        ),
        reviews=list(
            ProductReview.objects.filter(product__vendor=vendor)
            .select_related("product", "customer__user")
            .order_by("-created_at", "-id")[:limit]
        ),
        customers=list(
            CustomerProfile.objects.filter(pk__in=customer_ids)
            .select_related("user")
            .order_by("id")[:limit]
        ),
    )


def daily_sales(vendor: VendorProfile, days: int = 14) -> list[tuple[date, Decimal]]:
    """Revenue of ``vendor`` per day over the last ``days`` days (one query), oldest first."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = (
        OrderItem.objects.filter(order__vendor=vendor, order__created_at__date__gte=start)
        .annotate(day=TruncDate("order__created_at"))
        .order_by()
        .values("day")
        .annotate(revenue=Sum(F("quantity") * F("unit_price")))
    )
    by_day: dict[Any, Decimal] = {
        row["day"]: Decimal(row["revenue"] or 0).quantize(CENTS) for row in rows
    }
    return [
        (start + timedelta(days=n), by_day.get(start + timedelta(days=n), Decimal("0.00")))
        for n in range(days)
    ]
