"""The CRM mirror: each customer's account in the remote CRM (OData v4).

When ``MARKETPLACE_REMOTE_CRM_URL`` is set, saving a customer profile creates or updates its
:class:`CrmAccount`, which ``modelsync.remote`` writes to the CRM's ``Accounts`` entity set in
the same transaction. Without the URL the marketplace runs purely locally and creates none.
"""

from __future__ import annotations

from django.db import models

from modelsync.remote import RemoteOptions
from modelsync.remote.models import RemoteModel

from .accounts import CustomerProfile

__all__ = ["CrmAccount"]


class CrmAccount(RemoteModel):
    """A customer as the CRM knows them (name, email, phone)."""

    customer = models.OneToOneField(
        CustomerProfile, on_delete=models.CASCADE, related_name="crm_account"
    )
    display_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    # Text, not a number: phone numbers keep their leading zeros and "+".
    phone = models.CharField(max_length=32, blank=True)

    remote = RemoteOptions(
        "Accounts", fields={"display_name": "name", "email": "email", "phone": "phone"}
    )

    class Meta:
        verbose_name = "CRM account"

    def __str__(self) -> str:
        return self.display_name
