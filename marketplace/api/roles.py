"""Who is asking: the request user's customer or vendor profile, if any."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from marketplace.models import CustomerProfile, VendorProfile

__all__ = ["customer_of", "is_staff", "vendor_of"]


def customer_of(user: Any) -> CustomerProfile | None:
    """The user's customer profile, or ``None`` (anonymous users and vendors)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.customer_profile
    except ObjectDoesNotExist:
        return None


def vendor_of(user: Any) -> VendorProfile | None:
    """The user's vendor profile, or ``None``."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.vendor_profile
    except ObjectDoesNotExist:
        return None


def is_staff(user: Any) -> bool:
    """Staff see and edit everything."""
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)
