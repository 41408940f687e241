"""URLs of the dashboard benchmark: the real API plus a naive implementation of both dashboards.

The naive views run the spec's per-section queries (same filters, same row limits, same
serializers, so the JSON is identical) but without ``select_related``/``prefetch_related``:
every nested product, vendor, customer and order item is loaded lazily, one query per row.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.http import Http404
from django.urls import include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.roles import customer_of, is_staff, vendor_of
from marketplace.api.serializers import CustomerDashboardSerializer, VendorDashboardSerializer
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


class NaiveCustomerDashboard(APIView):
    """The spec's customer dashboard queries, one by one, nothing joined or prefetched."""

    def get(self, request: Request, customer_id: int) -> Response:
        own = customer_of(request.user)
        if not (own is not None and own.pk == customer_id) and not is_staff(request.user):
            raise Http404
        customer = CustomerProfile.objects.get(pk=customer_id)
        limit = settings.MARKETPLACE_DASHBOARD_LIMIT
        data = SimpleNamespace(
            viewed_products=ViewedProduct.objects.filter(customer=customer).order_by(
                "-viewed_at", "-id"
            )[:5],
            searched_products=SearchedProduct.objects.filter(customer=customer).order_by(
                "-searched_at", "-id"
            )[:5],
            cart_items=CartItem.objects.filter(customer=customer).order_by("-added_at", "-id")[
                :limit
            ],
            orders=Order.objects.filter(customer=customer).order_by("-created_at", "-id")[:limit],
            top_products=Product.objects.filter(is_active=True).order_by("-rating", "-id")[:10],
            favourite_products=customer.favourite_products.order_by("name", "id"),
            favourite_vendors=customer.favourite_vendors.all(),
        )
        return Response(CustomerDashboardSerializer(data).data)


class NaiveVendorDashboard(APIView):
    """The spec's seller dashboard queries, one by one, nothing joined or prefetched."""

    def get(self, request: Request, vendor_id: int) -> Response:
        own = vendor_of(request.user)
        if not (own is not None and own.pk == vendor_id) and not is_staff(request.user):
            raise Http404
        vendor = VendorProfile.objects.get(pk=vendor_id)
        limit = settings.MARKETPLACE_DASHBOARD_LIMIT
        customer_ids = (
            Order.objects.filter(vendor=vendor, customer__isnull=False)
            .order_by()
            .values("customer_id")
            .distinct()
        )
        data = SimpleNamespace(
            vendor=vendor,
            products=Product.objects.filter(vendor=vendor).order_by("-created_at", "-id")[:limit],
            sold_products=OrderItem.objects.filter(order__vendor=vendor).order_by("-id")[:limit],
            orders=Order.objects.filter(vendor=vendor).order_by("-created_at", "-id")[:limit],
            reviews=ProductReview.objects.filter(product__vendor=vendor).order_by(
                "-created_at", "-id"
            )[:limit],
            customers=CustomerProfile.objects.filter(pk__in=customer_ids).order_by("id")[:limit],
        )
        return Response(VendorDashboardSerializer(data).data)


urlpatterns = [
    path("naive/customer/<int:customer_id>/dashboard/", NaiveCustomerDashboard.as_view()),
    path("naive/vendor/<int:vendor_id>/dashboard/", NaiveVendorDashboard.as_view()),
    path("", include("marketplace.urls")),
]
