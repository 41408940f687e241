"""``/api/customer/<id>/dashboard/`` and ``/api/vendor/<id>/dashboard/``."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.models import CustomerProfile, VendorProfile
from marketplace.services.dashboards import customer_dashboard, vendor_dashboard

from .roles import customer_of, is_staff, vendor_of
from .serializers import CustomerDashboardSerializer, VendorDashboardSerializer

__all__ = ["CustomerDashboardView", "VendorDashboardView"]


class CustomerDashboardView(APIView):
    """A customer's dashboard; only that customer and staff may see it (others: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CustomerDashboardSerializer, operation_id="customer_dashboard")
    def get(self, request: Request, customer_id: int) -> Response:
        """Viewed and searched products, cart, orders, top products and favourites."""
        customer = customer_of(request.user)
        if customer is None or customer.pk != customer_id:
            if not is_staff(request.user):
                raise Http404("No such customer.")
            customer = CustomerProfile.objects.select_related("user").filter(pk=customer_id).first()
        if customer is None:
            raise Http404("No such customer.")
        return Response(CustomerDashboardSerializer(customer_dashboard(customer)).data)


class VendorDashboardView(APIView):
    """A vendor's dashboard; only that vendor and staff may see it (others: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=VendorDashboardSerializer, operation_id="vendor_dashboard")
    def get(self, request: Request, vendor_id: int) -> Response:
        """Vendor info, products, sold products, orders, reviews and customers."""
        vendor = vendor_of(request.user)
        if vendor is None or vendor.pk != vendor_id:
            if not is_staff(request.user):
                raise Http404("No such vendor.")
            vendor = VendorProfile.objects.select_related("user").filter(pk=vendor_id).first()
        if vendor is None:
            raise Http404("No such vendor.")
        return Response(VendorDashboardSerializer(vendor_dashboard(vendor)).data)
