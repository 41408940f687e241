"""``update_synced``: one row, by key or instance, synced in three statements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import FieldDoesNotExist

from modelsync.sync import UnknownFieldError
from tests.sync.conftest import data_statements
from tests.sync.models import Customer, Invoice, InvoiceCard

pytestmark = pytest.mark.django_db


def test_update_by_key_syncs_card_and_returns_updated_invoice(make_invoices, user):
    (invoice,) = make_invoices(1)
    updated = Invoice.objects.update_synced(
        pk=invoice.pk, user=user, title="renamed", amount=Decimal("12.50"), due=date(2026, 2, 1)
    )
    assert (updated.title, updated.amount, updated.updated_by) == (
        "renamed",
        Decimal("12.50"),
        user,
    )
    card = InvoiceCard.objects.get(invoice=invoice)
    assert (card.label, card.amount, card.due) == ("renamed", Decimal("12.50"), date(2026, 2, 1))
    assert card.updated_by == user
    assert card.updated_at is not None
    invoice.refresh_from_db()
    assert invoice.updated_by == user


def test_update_by_instance_refreshes_the_given_instance(make_invoices):
    (invoice,) = make_invoices(1)
    returned = Invoice.objects.update_synced(instance=invoice, status="sent", amount=Decimal("3"))
    assert returned is invoice
    assert (invoice.status, invoice.amount) == ("sent", Decimal("3"))
    assert InvoiceCard.objects.get(invoice=invoice).amount == Decimal("3")


def test_without_user_syncs_but_leaves_updated_by_alone(make_invoices, user):
    (invoice,) = make_invoices(1)
    Invoice.objects.filter(pk=invoice.pk).update(updated_by=user)
    Invoice.objects.update_synced(pk=invoice.pk, amount=Decimal("9"))
    invoice.refresh_from_db()
    card = InvoiceCard.objects.get(invoice=invoice)
    assert invoice.updated_by == user
    assert card.updated_by is None
    assert card.amount == Decimal("9")


def test_neither_key_nor_instance_raises_a_value_error_naming_both(db):
    with pytest.raises(ValueError, match=r"^Either pk or instance must be provided$"):
        Invoice.objects.update_synced(amount=Decimal("1"))


def test_unknown_field_names_model_and_field_and_writes_nothing(make_invoices):
    (invoice,) = make_invoices(1)
    with pytest.raises(UnknownFieldError, match=r"tests_sync.Invoice has no field named 'amout'"):
        Invoice.objects.update_synced(pk=invoice.pk, title="x", amout=Decimal("1"))
    invoice.refresh_from_db()
    assert invoice.title == "inv 0"


def test_unknown_field_is_also_a_django_field_does_not_exist(make_invoices):
    (invoice,) = make_invoices(1)
    with pytest.raises(FieldDoesNotExist):
        Invoice.objects.update_synced(pk=invoice.pk, nope=1)


def test_reverse_relation_is_not_a_writable_field(make_invoices):
    (invoice,) = make_invoices(1)
    with pytest.raises(UnknownFieldError, match=r"has no writable"):
        Invoice.objects.update_synced(pk=invoice.pk, card=None)


def test_missing_key_raises_does_not_exist_and_writes_nothing(make_invoices, statements):
    make_invoices(1)
    with statements() as ctx, pytest.raises(Invoice.DoesNotExist):
        Invoice.objects.update_synced(pk=999_999, amount=Decimal("1"))
    assert not any(s.upper().startswith("UPDATE") for s in data_statements(ctx))


def test_invoice_without_card_updates_without_error(make_invoices):
    (invoice,) = make_invoices(1, cards=False)
    updated = Invoice.objects.update_synced(pk=invoice.pk, amount=Decimal("5"))
    assert updated.amount == Decimal("5")
    assert not InvoiceCard.objects.exists()


def test_card_is_written_only_when_a_synced_value_changes(make_invoices, statements):
    (invoice,) = make_invoices(1)
    InvoiceCard.objects.filter(invoice=invoice).update(updated_at=None)
    Invoice.objects.update_synced(pk=invoice.pk, status="sent")  # not a synced field
    Invoice.objects.update_synced(pk=invoice.pk, title="inv 0")  # synced, but equal
    assert InvoiceCard.objects.get(invoice=invoice).updated_at is None


def test_single_update_takes_three_statements(make_invoices, statements, is_postgres, listeners):
    (invoice,) = make_invoices(1)
    with statements() as ctx:
        Invoice.objects.update_synced(pk=invoice.pk, amount=Decimal("7"))
    sql = data_statements(ctx)
    # Locked read, UPDATE of the invoice, UPDATE of the card. With other listeners both updates
    # are tracked: on SQLite each reads the old values first.
    assert len(sql) == (5 if listeners == "tracked" and not is_postgres else 3), sql
    assert sql[0].startswith("SELECT")
    if is_postgres:
        assert sql[0].endswith("FOR UPDATE")
    assert sum('"tests_sync_invoicecard"' in s and s.startswith("UPDATE") for s in sql) == 1


def test_forward_foreign_key_target_follows(db):
    customer = Customer.objects.create(name="old")
    invoice = Invoice.objects.create(customer=customer, customer_name="old")
    Invoice.objects.update_synced(pk=invoice.pk, customer_name="ACME")
    customer.refresh_from_db()
    assert customer.name == "ACME"
