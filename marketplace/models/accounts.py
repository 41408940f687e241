"""Vendors and customers: profiles of ``django.contrib.auth`` users."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["CustomerProfile", "VendorProfile"]


class VendorProfile(models.Model):
    """A user who sells: their shop."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_profile"
    )
    shop_name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.shop_name


class CustomerProfile(models.Model):
    """A user who buys."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_profile"
    )
    phone = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
