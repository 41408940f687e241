"""Non-regression: writes a new user tried that once failed or silently synced nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import models
from django.db.models import F
from django.test.utils import isolate_apps

from modelsync import tracking
from modelsync.audit.models import ChangeEvent
from modelsync.sync import SyncManager, SyncTo
from modelsync.sync.checks import check_sync_declarations
from modelsync.sync.engine import SOURCE_HOOK, TARGET_HOOK
from modelsync.sync.resolved import registry
from modelsync.tracking import post_update_signal
from modelsync.tracking.models import TrackedModel
from tests.sync.conftest import data_statements
from tests.sync.models import Archive, Customer, Invoice, InvoiceCard

pytestmark = pytest.mark.django_db


# -- empty querysets: 0, like Django ------------------------------------------------------------


def test_update_of_an_empty_key_list_returns_zero(make_invoices, listeners):
    make_invoices(2)
    assert Invoice.objects.filter(pk__in=[]).update(amount=Decimal("1")) == 0
    assert set(InvoiceCard.objects.values_list("amount", flat=True)) == {Decimal("0")}


def test_update_of_none_returns_zero(make_invoices, listeners):
    make_invoices(2)
    assert Invoice.objects.none().update(amount=Decimal("1")) == 0


def test_bulk_update_synced_of_none_returns_zero(make_invoices, listeners):
    make_invoices(2)
    assert Invoice.objects.bulk_update_synced(Invoice.objects.none(), amount=Decimal("1")) == 0


# -- expressions -------------------------------------------------------------------------------


def test_update_to_an_annotation_doubles_the_amount_and_its_card(make_invoices, listeners):
    make_invoices(2, amount=Decimal("3.00"))
    count = Invoice.objects.annotate(x=F("amount") * 2).update(amount=F("x"))
    assert count == 2
    assert set(Invoice.objects.values_list("amount", flat=True)) == {Decimal("6.00")}
    assert set(InvoiceCard.objects.values_list("amount", flat=True)) == {Decimal("6.00")}


def test_update_to_an_annotation_of_a_tracked_model_with_a_receiver(db):
    heard: list[dict[str, object]] = []

    def receiver(sender, objects, **kwargs):
        heard.extend(o.changed_values for o in objects)

    customer = Customer.objects.create(name="ab")
    post_update_signal.connect(receiver, sender=Customer, dispatch_uid="test_annotation")
    try:
        from django.db.models.functions import Concat

        Customer.objects.annotate(x=Concat(F("name"), F("name"))).update(name=F("x"))
    finally:
        post_update_signal.disconnect(receiver, sender=Customer, dispatch_uid="test_annotation")
    customer.refresh_from_db()
    assert customer.name == "abab"


def test_update_synced_with_an_expression_returns_the_new_value(make_invoices, listeners):
    (invoice,) = make_invoices(1, amount=Decimal("1.50"))
    updated = Invoice.objects.update_synced(pk=invoice.pk, amount=F("amount") + 1)
    assert updated.amount == Decimal("2.50")
    assert InvoiceCard.objects.get(invoice=invoice).amount == Decimal("2.50")


# -- re-pointing a relation ---------------------------------------------------------------------


def test_save_re_pointing_the_foreign_key_syncs_the_new_target(db):
    old, new = Customer.objects.create(name="old"), Customer.objects.create(name="other")
    invoice = Invoice.objects.create(customer=old, customer_name="old")
    invoice.customer = new
    invoice.save()
    new.refresh_from_db()
    assert new.name == "old"


def test_update_re_pointing_the_foreign_key_syncs_the_new_target(db, listeners):
    old, new = Customer.objects.create(name="old"), Customer.objects.create(name="other")
    invoice = Invoice.objects.create(customer=old, customer_name="old")
    Invoice.objects.filter(pk=invoice.pk).update(customer=new)
    new.refresh_from_db()
    assert new.name == "old"


def test_re_pointing_a_plain_one_to_one_target_syncs_it(db, listeners):
    archive = Archive.objects.create(title="stale")
    invoice = Invoice.objects.create(title="fresh")
    Invoice.objects.filter(pk=invoice.pk).update(archive=archive)
    archive.refresh_from_db()
    assert archive.title == "fresh"


def test_card_moved_to_another_invoice_takes_its_values(make_invoices):
    (first,) = make_invoices(1, amount=Decimal("1"))
    second = Invoice.objects.create(title="second", amount=Decimal("2"))
    card = InvoiceCard.objects.get(invoice=first)
    card.invoice = second
    card.save()
    card.refresh_from_db()
    second.refresh_from_db()
    assert (card.label, card.amount) == ("second", Decimal("2"))
    assert second.amount == Decimal("2")  # the source is authoritative: nothing flowed back


def test_card_moved_by_update_takes_its_values(make_invoices, listeners):
    (first,) = make_invoices(1)
    second = Invoice.objects.create(title="second", amount=Decimal("2"))
    InvoiceCard.objects.filter(invoice=first).update(invoice=second)
    card = InvoiceCard.objects.get(invoice=second)
    assert (card.label, card.amount) == ("second", Decimal("2"))


# -- what a tracked target hears about sync's writes ---------------------------------------------


def test_tracking_signal_of_a_tracked_target_reports_the_sync_write(
    make_invoices, django_capture_on_commit_callbacks
):
    (invoice,) = make_invoices(1)
    heard: list[tuple[object, dict[str, object]]] = []

    def receiver(sender, objects, **kwargs):
        heard.extend((o.pk, o.changed_values) for o in objects)

    uid = "test_target_heard"
    post_update_signal.connect(receiver, sender=InvoiceCard, dispatch_uid=uid)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            Invoice.objects.filter(pk=invoice.pk).update(title="renamed")
    finally:
        post_update_signal.disconnect(receiver, sender=InvoiceCard, dispatch_uid=uid)
    card = InvoiceCard.objects.get(invoice=invoice)
    assert heard == [(card.pk, {"label": "inv 0", "updated_at": None})]


def test_audit_of_a_tracked_target_records_the_sync_write(make_invoices, user):
    (invoice,) = make_invoices(1)
    card = InvoiceCard.objects.get(invoice=invoice)
    from modelsync.tracking import tracking

    with tracking(user=user):
        Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("4"))
    event = ChangeEvent.objects.filter(model="tests_sync.invoicecard", object_id=str(card.pk)).get(
        action="update"
    )
    assert event.old_values["amount"] == "0.00"
    assert event.new_values["amount"] == "4.00"
    assert event.user_id == user.pk


def test_target_written_by_raw_sql_when_only_sync_listens(make_invoices, statements, listeners):
    (invoice,) = make_invoices(1)
    with statements() as ctx:
        Invoice.objects.filter(pk=invoice.pk).update(title="x")
    card_writes = [s for s in data_statements(ctx) if 'UPDATE "tests_sync_invoicecard"' in s]
    assert len(card_writes) == 1
    # Sync alone: one UPDATE … FROM; with listeners: the card's tracked update.
    assert ("msync_s" in card_writes[0].split("WHERE")[0]) is (listeners == "sync only")


# -- targets that are plain models -------------------------------------------------------------


def _forget(*throwaway: type[models.Model]) -> None:
    """Remove sync's hooks from models defined by a test (other tests' checks must not see
    hooks on untracked throwaway models)."""
    for model in throwaway:
        for name in (SOURCE_HOOK, TARGET_HOOK):
            tracking.unregister(model, name)


def _plain_target_checks(**declaration: object) -> list[str]:
    """Declare a sync onto a plain (untracked) model, in a throwaway app registry; return the
    ids the checks report about it."""
    before = list(registry)
    try:
        with isolate_apps("tests.sync"):

            class Source(TrackedModel):
                amount = models.DecimalField(max_digits=10, decimal_places=2)
                objects = SyncManager()
                sync_plain = SyncTo("plain", fields=["amount"], **declaration)  # type: ignore[arg-type]

            class Plain(models.Model):
                source = models.OneToOneField(Source, models.CASCADE, related_name="plain")
                amount = models.DecimalField(max_digits=10, decimal_places=2)

            found = [e.id for e in check_sync_declarations() if e.obj is Source]
            _forget(Source, Plain)
            return found
    finally:
        registry[:] = before


def test_reverse_sync_onto_a_plain_model_is_refused_by_a_check():
    assert _plain_target_checks() == ["modelsync.E024"]


def test_bidirectional_sync_onto_a_plain_model_is_refused_by_a_check():
    assert "modelsync.E024" in _plain_target_checks(bidirectional=["amount"])


def test_bidirectional_target_without_a_sync_manager_is_warned_about():
    before = list(registry)
    try:
        with isolate_apps("tests.sync"):

            class Source(TrackedModel):
                amount = models.DecimalField(max_digits=10, decimal_places=2)
                objects = SyncManager()
                sync_card = SyncTo("card", fields=["amount"], bidirectional=["amount"])

            class Card(TrackedModel):  # the default TrackedManager: no source locks
                source = models.OneToOneField(Source, models.CASCADE, related_name="card")
                amount = models.DecimalField(max_digits=10, decimal_places=2)

            found = [e.id for e in check_sync_declarations() if e.obj in (Source, Card)]
            _forget(Source, Card)
    finally:
        registry[:] = before
    assert found == ["modelsync.W026"]


def test_a_source_whose_writes_are_not_tracked_is_refused():
    before = list(registry)
    try:
        with isolate_apps("tests.sync"):

            class PlainSource(models.Model):
                amount = models.DecimalField(max_digits=10, decimal_places=2)
                sync_card = SyncTo("card", fields=["amount"])

            class TrackedCard(TrackedModel):
                source = models.OneToOneField(PlainSource, models.CASCADE, related_name="card")
                amount = models.DecimalField(max_digits=10, decimal_places=2)
                objects = SyncManager()

            found = [e.id for e in check_sync_declarations() if e.obj is PlainSource]
            _forget(PlainSource, TrackedCard)
    finally:
        registry[:] = before
    assert found == ["modelsync.E022"]


def test_forward_sync_onto_a_plain_model_passes_the_checks():
    assert not [e for e in check_sync_declarations() if "sync_archive" in e.msg]


# -- lock order of a flow back -------------------------------------------------------------------


@pytest.mark.postgres_only
def test_card_save_locks_its_invoice_before_writing_the_card(make_invoices, statements):
    (invoice,) = make_invoices(1)
    card = InvoiceCard.objects.get(invoice=invoice)
    card.amount = Decimal("3")
    with statements() as ctx:
        card.save()
    sql = data_statements(ctx)
    lock = next(i for i, s in enumerate(sql) if s.startswith("SELECT") and "FOR UPDATE" in s)
    write = next(i for i, s in enumerate(sql) if s.startswith('UPDATE "tests_sync_invoicecard"'))
    assert '"tests_sync_invoice"' in sql[lock] and lock < write, sql


def test_card_save_of_one_way_fields_takes_no_lock(make_invoices, statements):
    (invoice,) = make_invoices(1)
    card = InvoiceCard.objects.get(invoice=invoice)
    card.stage = "won"
    with statements() as ctx:
        card.save(update_fields=["stage"])
    invoice_locks = [
        s for s in data_statements(ctx) if s.startswith("SELECT") and '"tests_sync_invoice"' in s
    ]
    assert invoice_locks == []


def test_bulk_created_cards_take_the_values_of_their_invoices(make_invoices):
    invoices = make_invoices(3, cards=False, amount=Decimal("7"))
    InvoiceCard.objects.bulk_create([InvoiceCard(invoice=i, label="typed") for i in invoices])
    assert set(InvoiceCard.objects.values_list("label", "amount")) == {
        (i.title, Decimal("7.00")) for i in invoices
    }


def test_empty_updates_of_a_bidirectional_target_return_zero(make_invoices, listeners):
    make_invoices(2)
    assert InvoiceCard.objects.none().update(amount=Decimal("1")) == 0
    assert InvoiceCard.objects.filter(pk__in=[]).update(amount=Decimal("1")) == 0
    assert InvoiceCard.objects.bulk_update([], ["amount"]) == 0
    assert set(Invoice.objects.values_list("amount", flat=True)) == {Decimal("0")}
