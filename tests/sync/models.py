"""Models used only by the sync tests.

``Invoice`` (source) syncs onto three targets: its ``InvoiceCard`` (reverse one-to-one, with a
renamed field and a bidirectional ``amount``), its ``Customer`` (forward foreign key), and its
``Archive`` (forward one-to-one). ``InvoiceCard`` refuses negative amounts, which the tests
use to make a target write fail for real.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from modelsync.sync import SyncManager, SyncTo
from modelsync.tracking.models import TrackedModel


class Customer(TrackedModel):
    """Forward foreign-key target: several invoices may point at one customer."""

    name = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SyncManager()


class Archive(models.Model):
    """Forward one-to-one target that is not tracked at all (plain model)."""

    title = models.CharField(max_length=100, blank=True)


class Invoice(TrackedModel):
    """The source of every sync in these tests."""

    title = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=20, default="draft")
    customer_name = models.CharField(max_length=100, blank=True)
    due = models.DateField(null=True, blank=True)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL)
    archive = models.OneToOneField(Archive, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SyncManager()
    sync_card = SyncTo(
        "card",
        fields={"title": "label", "amount": "amount", "due": "due"},
        bidirectional=["amount"],
    )
    sync_customer = SyncTo("customer", fields={"customer_name": "name"})
    sync_archive = SyncTo("archive", fields=["title"])


class InvoiceCard(TrackedModel):
    """Reverse one-to-one target, with ``label`` renamed from the invoice's ``title``."""

    invoice = models.OneToOneField(Invoice, on_delete=models.CASCADE, related_name="card")
    label = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    due = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=20, default="new")
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SyncManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="tests_sync_card_amount_not_negative"
            )
        ]
