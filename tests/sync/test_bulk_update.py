"""``bulk_update_synced`` and ``update()``: set-based, a constant number of statements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from modelsync.sync import UnknownFieldError
from tests.sync.conftest import data_statements
from tests.sync.models import Customer, Invoice, InvoiceCard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 10, 200])
def test_bulk_takes_constant_statements_at_any_n(
    make_invoices, statements, n, is_postgres, listeners
):
    make_invoices(n)
    with statements() as ctx:
        count = Invoice.objects.bulk_update_synced(Invoice.objects.all(), amount=Decimal("4.00"))
    assert count == n
    sql = data_statements(ctx)
    # One UPDATE of the invoices, one of the cards (no other target has a touched field). Sync
    # alone: UPDATE … RETURNING pk, then UPDATE … FROM. With other listeners both are tracked
    # updates, which on SQLite read the old values first.
    assert len(sql) == (4 if listeners == "tracked" and not is_postgres else 2), sql
    assert sum(s.startswith("UPDATE") for s in sql) == 2
    assert InvoiceCard.objects.filter(amount=Decimal("4.00")).count() == n


def test_bulk_syncs_rows_matched_before_the_update(make_invoices, user, listeners):
    # Re-running filter(status="draft") after setting status="pending" would sync nothing.
    make_invoices(3, status="draft")
    make_invoices(2, status="paid")
    count = Invoice.objects.bulk_update_synced(
        Invoice.objects.filter(status="draft"), user=user, status="pending", due=date(2026, 1, 20)
    )
    assert count == 3
    synced = InvoiceCard.objects.filter(due=date(2026, 1, 20))
    assert synced.count() == 3
    assert set(synced.values_list("invoice__status", flat=True)) == {"pending"}
    assert set(synced.values_list("updated_by", flat=True)) == {user.pk}
    assert InvoiceCard.objects.filter(due__isnull=True).count() == 2
    assert set(Invoice.objects.filter(status="pending").values_list("updated_by", flat=True)) == {
        user.pk
    }


def test_bulk_writes_only_cards_whose_values_differ(make_invoices, listeners):
    invoices = make_invoices(4)
    Invoice.objects.filter(pk=invoices[0].pk).update(amount=Decimal("2"))
    InvoiceCard.objects.update(updated_at=None)
    Invoice.objects.bulk_update_synced(Invoice.objects.all(), amount=Decimal("2"))
    touched = InvoiceCard.objects.filter(updated_at__isnull=False)
    assert set(touched.values_list("invoice_id", flat=True)) == {i.pk for i in invoices[1:]}


def test_bulk_with_unknown_field_raises_and_writes_nothing(make_invoices):
    make_invoices(2)
    with pytest.raises(UnknownFieldError, match=r"tests_sync.Invoice has no field named 'amont'"):
        Invoice.objects.bulk_update_synced(Invoice.objects.all(), title="x", amont=1)
    assert not Invoice.objects.filter(title="x").exists()


def test_bulk_of_another_models_queryset_is_refused(db):
    with pytest.raises(ValueError, match=r"must be a queryset of tests_sync.Invoice"):
        Invoice.objects.bulk_update_synced(Customer.objects.all(), title="x")


def test_bulk_of_empty_queryset_returns_zero(make_invoices):
    make_invoices(2)
    assert Invoice.objects.bulk_update_synced(Invoice.objects.none(), amount=1) == 0
    assert Invoice.objects.bulk_update_synced(Invoice.objects.filter(title="nope"), amount=1) == 0


def test_plain_queryset_update_syncs_with_f_expressions(make_invoices, listeners):
    from django.db.models import F

    make_invoices(3, amount=Decimal("1.00"))
    Invoice.objects.filter(title__in=["inv 0", "inv 1"]).update(amount=F("amount") + 1)
    amounts = dict(InvoiceCard.objects.values_list("invoice__title", "amount"))
    assert amounts == {"inv 0": Decimal("2.00"), "inv 1": Decimal("2.00"), "inv 2": Decimal("1.00")}


def test_update_of_unsynced_field_runs_no_target_statement(make_invoices, statements):
    make_invoices(3)
    with statements() as ctx:
        Invoice.objects.update(status="sent")
    assert not any("tests_sync_invoicecard" in s for s in data_statements(ctx))


def test_several_targets_one_statement_each(db, statements):
    customer = Customer.objects.create(name="a")
    invoices = Invoice.objects.bulk_create(
        [Invoice(title=f"i{i}", customer=customer) for i in range(3)]
    )
    InvoiceCard.objects.bulk_create([InvoiceCard(invoice=i) for i in invoices])
    with statements() as ctx:
        Invoice.objects.update(title="T", customer_name="ACME")
    sql = data_statements(ctx)
    targets = [s for s in sql if s.startswith("UPDATE") and "msync_t" in s]
    # one per target model with a touched field: card and archive (title), customer (name)
    assert len(targets) == 3, targets
    assert set(InvoiceCard.objects.values_list("label", flat=True)) == {"T"}
    customer.refresh_from_db()
    assert customer.name == "ACME"


def test_bulk_of_a_distinct_queryset_with_a_join(make_invoices, listeners):
    invoices = make_invoices(3)
    queryset = Invoice.objects.filter(card__label__startswith="inv").distinct()
    assert Invoice.objects.bulk_update_synced(queryset, amount=Decimal("8")) == 3
    assert set(InvoiceCard.objects.values_list("amount", flat=True)) == {Decimal("8")}
    assert len(invoices) == 3


def test_sliced_queryset_is_refused_like_django(make_invoices, listeners):
    make_invoices(2)
    with pytest.raises(TypeError, match="Cannot update a query once a slice has been taken"):
        Invoice.objects.all()[:1].update(amount=Decimal("1"))


def test_save_of_a_synced_field_takes_two_statements(make_invoices, statements, listeners):
    (invoice,) = make_invoices(1)
    invoice.amount = Decimal("5")
    with statements() as ctx:
        invoice.save(update_fields=["amount"])
    sql = data_statements(ctx)
    # The invoice's UPDATE and the card's; with other listeners the invoice's reads the old
    # values (in the same statement on PostgreSQL), and the card's is a tracked update too.
    expected = 2 if listeners == "sync only" or connection.vendor == "postgresql" else 4
    assert len(sql) == expected, sql
    assert InvoiceCard.objects.get(invoice=invoice).amount == Decimal("5")


def test_bulk_update_of_objects_takes_constant_statements(make_invoices, statements, listeners):
    invoices = make_invoices(30)
    for invoice in invoices:
        invoice.amount = Decimal("6")
    with statements() as ctx:
        assert Invoice.objects.bulk_update(invoices, ["amount"]) == 30
    sql = data_statements(ctx)
    # One UPDATE of the invoices and one of the cards; with other listeners, SQLite reads the
    # old values of each first.
    assert sum(s.startswith("UPDATE") for s in sql) == 2, sql
    expected = 2 if listeners == "sync only" or connection.vendor == "postgresql" else 4
    assert len(sql) == expected, sql
    assert set(InvoiceCard.objects.values_list("amount", flat=True)) == {Decimal("6")}
