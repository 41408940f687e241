"""Vendors and customers: profiles of ``django.contrib.auth`` users.

Passwords live only on the auth user (hashed); phone numbers are text so that leading zeros
and ``+`` prefixes survive. A user's role is the auth group named after the profile kind
(``vendor`` / ``customer``), assigned when the profile is saved.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models

from .validators import reject_bidi_controls

__all__ = ["CUSTOMER_GROUP", "VENDOR_GROUP", "CustomerProfile", "VendorProfile"]

VENDOR_GROUP = "vendor"
CUSTOMER_GROUP = "customer"

phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{3,31}$", "Enter a phone number: digits, spaces, ()- and an optional leading +."
)


class RoleProfile(models.Model):
    """Shared fields of the two profile kinds; saving one puts its user in the role's group."""

    role_group: str = ""

    phone = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    address = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        """Save the profile and make sure its user holds the matching role group."""
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        group, _ = Group.objects.get_or_create(name=self.role_group)
        self.user.groups.add(group)  # type: ignore[attr-defined]


class VendorProfile(RoleProfile):
    """A user who sells: their shop."""

    role_group = VENDOR_GROUP

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_profile"
    )
    shop_name = models.CharField(max_length=200, validators=[reject_bidi_controls])
    description = models.TextField(blank=True, validators=[reject_bidi_controls])

    class Meta:
        ordering = ["shop_name", "id"]

    def __str__(self) -> str:
        return self.shop_name


class CustomerProfile(RoleProfile):
    """A user who buys, with their favourite vendors and products."""

    role_group = CUSTOMER_GROUP

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_profile"
    )
    favourite_vendors = models.ManyToManyField(
        VendorProfile, blank=True, related_name="favoured_by"
    )
    favourite_products = models.ManyToManyField(
        "marketplace.Product", blank=True, related_name="favoured_by"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
