"""``/api/customer/<id>/dashboard/`` and ``/api/vendor/<id>/dashboard/``."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.ids import InvalidId, parse_id
from marketplace.models import CustomerProfile, VendorProfile
from marketplace.services.dashboards import customer_dashboard, vendor_dashboard

from .dashboard_serializers import CustomerDashboardSerializer, VendorDashboardSerializer
from .roles import customer_of, is_staff, vendor_of

__all__ = ["CustomerDashboardView", "VendorDashboardView"]


def _path_id(value: str, name: str) -> int:
    """The path's id, or 404 (out of the database's range)."""
    try:
        return parse_id(value, name)
    except InvalidId as error:
        raise Http404(str(error)) from error


def _id_parameter(name: str) -> OpenApiParameter:
    """The schema of an id path parameter (a ``re_path`` group is a string otherwise)."""
    return OpenApiParameter(name, OpenApiTypes.INT64, OpenApiParameter.PATH)


class CustomerDashboardView(APIView):
    """A customer's dashboard; only that customer and staff may see it (others: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=CustomerDashboardSerializer,
        operation_id="customer_dashboard",
        parameters=[_id_parameter("customer_id")],
    )
    def get(self, request: Request, customer_id: str) -> Response:
        """Viewed and searched products, cart, orders, top products and favourites."""
        pk = _path_id(customer_id, "customer_id")
        customer = customer_of(request.user)
        if customer is None or customer.pk != pk:
            if not is_staff(request.user):
                raise Http404("No such customer.")
            customer = CustomerProfile.objects.select_related("user").filter(pk=pk).first()
        if customer is None:
            raise Http404("No such customer.")
        return Response(CustomerDashboardSerializer(customer_dashboard(customer)).data)


class VendorDashboardView(APIView):
    """A vendor's dashboard; only that vendor and staff may see it (others: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=VendorDashboardSerializer,
        operation_id="vendor_dashboard",
        parameters=[_id_parameter("vendor_id")],
    )
    def get(self, request: Request, vendor_id: str) -> Response:
        """Vendor info, products, sold products, orders, reviews and customers."""
        pk = _path_id(vendor_id, "vendor_id")
        vendor = vendor_of(request.user)
        if vendor is None or vendor.pk != pk:
            if not is_staff(request.user):
                raise Http404("No such vendor.")
            vendor = VendorProfile.objects.select_related("user").filter(pk=pk).first()
        if vendor is None:
            raise Http404("No such vendor.")
        return Response(VendorDashboardSerializer(vendor_dashboard(vendor)).data)
