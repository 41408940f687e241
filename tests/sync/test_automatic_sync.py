"""Automatic sync: plain ``save()``, ``update()``, ``bulk_update()``, ``create()`` keep targets
equal; bidirectional fields flow back without loops; a failing target rolls the source back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from modelsync.tracking import TrackingInfo, tracking
from tests.sync.conftest import data_statements
from tests.sync.models import Archive, Customer, Invoice, InvoiceCard

pytestmark = pytest.mark.django_db


def test_save_of_a_synced_field_updates_the_card(make_invoices):
    (invoice,) = make_invoices(1)
    invoice.title = "saved"
    invoice.save()
    assert InvoiceCard.objects.get(invoice=invoice).label == "saved"


def test_save_with_update_fields_of_other_fields_leaves_card_alone(make_invoices, statements):
    (invoice,) = make_invoices(1)
    invoice.status = "sent"
    with statements() as ctx:
        invoice.save(update_fields=["status"])
    assert not any("tests_sync_invoicecard" in s for s in data_statements(ctx))


def test_save_records_the_tracking_user_on_the_card(make_invoices, user):
    (invoice,) = make_invoices(1)
    invoice.amount = Decimal("8")
    with tracking(user=user):
        invoice.save()
    assert InvoiceCard.objects.get(invoice=invoice).updated_by == user


def test_update_with_tracking_info_records_the_user(make_invoices, user, listeners):
    make_invoices(2)
    Invoice.objects.update(amount=Decimal("6"), tracking_info_=TrackingInfo(user=user))
    assert set(InvoiceCard.objects.values_list("updated_by", flat=True)) == {user.pk}


def test_bulk_update_syncs_and_returns_row_count(make_invoices):
    invoices = make_invoices(3)
    for i, invoice in enumerate(invoices):
        invoice.amount = Decimal(i + 10)
    assert Invoice.objects.bulk_update(invoices, ["amount"]) == 3
    amounts = sorted(InvoiceCard.objects.values_list("amount", flat=True))
    assert amounts == [Decimal(10), Decimal(11), Decimal(12)]


def test_created_card_takes_the_values_of_its_invoice(make_invoices):
    (invoice,) = make_invoices(1, cards=False)
    Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("3"))
    card = InvoiceCard.objects.create(invoice=invoice, label="typed by hand")
    card.refresh_from_db()
    assert (card.label, card.amount) == ("inv 0", Decimal("3"))


def test_created_invoice_pushes_to_its_forward_foreign_key_target(db):
    customer = Customer.objects.create(name="old")
    Invoice.objects.create(customer=customer, customer_name="new name")
    customer.refresh_from_db()
    assert customer.name == "new name"


def test_untracked_forward_one_to_one_target_follows_update(db):
    archive = Archive.objects.create(title="a")
    invoice = Invoice.objects.create(archive=archive, title="a")
    Invoice.objects.filter(pk=invoice.pk).update(title="b")
    archive.refresh_from_db()
    assert archive.title == "b"


def test_bidirectional_amount_flows_back_from_card_to_invoice(make_invoices, user):
    (invoice,) = make_invoices(1)
    card = InvoiceCard.objects.get(invoice=invoice)
    card.amount = Decimal("42")
    with tracking(user=user):
        card.save()
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("42")
    assert invoice.updated_by == user


def test_bidirectional_flow_back_by_queryset_update(make_invoices, listeners):
    make_invoices(3)
    InvoiceCard.objects.update(amount=Decimal("5"))
    assert set(Invoice.objects.values_list("amount", flat=True)) == {Decimal("5")}


def test_one_way_field_changed_on_the_card_does_not_flow_back(make_invoices):
    (invoice,) = make_invoices(1)
    InvoiceCard.objects.update(label="card only")
    invoice.refresh_from_db()
    assert invoice.title == "inv 0"


def test_flow_back_stops_after_one_round(make_invoices, statements):
    make_invoices(2)
    with statements() as ctx:
        InvoiceCard.objects.update(amount=Decimal("9"))
    sql = data_statements(ctx)
    # card update, invoice update (flow back), then the forward sync finds the cards equal:
    # no statement writes the cards a second time with a different value, and it ends.
    card_writes = [s for s in sql if s.startswith('UPDATE "tests_sync_invoicecard"')]
    assert len(card_writes) == 2, sql
    assert len(sql) <= 6, sql


def test_failing_target_rolls_back_the_source(make_invoices, listeners):
    (invoice,) = make_invoices(1)
    # The card has CHECK (amount >= 0); the invoice has none: the target write fails.
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("-1"))
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("0")


def test_failing_target_rolls_back_explicit_single_update(make_invoices):
    (invoice,) = make_invoices(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.update_synced(pk=invoice.pk, title="new", amount=Decimal("-1"))
    invoice.refresh_from_db()
    assert (invoice.title, invoice.amount) == ("inv 0", Decimal("0"))


def test_failing_target_rolls_back_save(make_invoices):
    (invoice,) = make_invoices(1)
    invoice.amount = Decimal("-3")
    with pytest.raises(IntegrityError), transaction.atomic():
        invoice.save()
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("0")


@pytest.mark.django_db(transaction=True)
def test_failing_target_rolls_back_the_source_without_caller_transaction(make_invoices, listeners):
    # Autocommit mode: nothing wraps the call, so only sync's own atomic block protects it.
    (invoice,) = make_invoices(1)
    with pytest.raises(IntegrityError):
        Invoice.objects.filter(pk=invoice.pk).update(title="new", amount=Decimal("-1"))
    with pytest.raises(IntegrityError):
        Invoice.objects.bulk_update_synced(Invoice.objects.all(), amount=Decimal("-2"))
    invoice.title, invoice.amount = "saved", Decimal("-3")
    with pytest.raises(IntegrityError):
        invoice.save()
    invoice.refresh_from_db()
    assert (invoice.title, invoice.amount) == ("inv 0", Decimal("0"))
