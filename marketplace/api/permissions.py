"""Permissions by role. Row visibility is done by each viewset's queryset (others' rows: 404)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .roles import customer_of, is_staff, vendor_of

__all__ = [
    "IsCustomerOrStaff",
    "IsStaffOrReadOnly",
    "IsVendorOrStaffForWrites",
    "ReadOnlyUnlessStaff",
]


class IsStaffOrReadOnly(BasePermission):
    """Anyone may read; only staff write (categories, tags)."""

    message = "Only staff can change this."
    #: The schema documents reads as open to anonymous users.
    anonymous_reads = True

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or is_staff(request.user)


class IsVendorOrStaffForWrites(BasePermission):
    """Anyone may read; vendors and staff write (products: vendors only their own)."""

    message = "Only vendors can change products."
    #: The schema documents reads as open to anonymous users.
    anonymous_reads = True

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return is_staff(request.user) or vendor_of(request.user) is not None


class IsCustomerOrStaff(BasePermission):
    """Customers (on their own rows) and staff: carts, reviews, checkout."""

    message = "Only customers can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff(request.user) or customer_of(request.user) is not None


class ReadOnlyUnlessStaff(BasePermission):
    """Authenticated users read their own rows; only staff create or delete (orders)."""

    message = "Only staff can create or delete this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS or request.method in ("PUT", "PATCH"):
            return True
        return is_staff(request.user)
