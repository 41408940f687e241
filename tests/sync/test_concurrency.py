"""Two real connections updating the same invoice: its card never mixes the two writes."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from tests.sync.models import Invoice, InvoiceCard

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _in_thread(target, *args):
    """Run ``target`` in a thread with its own database connection; collect its error."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target(*args)
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_second_writer_waits_for_the_first_and_card_matches_the_last_write(make_invoices):
    (invoice,) = make_invoices(1)
    first_wrote = threading.Event()
    release_first = threading.Event()
    timeline: list[str] = []

    def first() -> None:
        with transaction.atomic():
            Invoice.objects.update_synced(pk=invoice.pk, title="first", amount=Decimal("1"))
            first_wrote.set()
            release_first.wait(10)
            timeline.append("first commits")

    def second() -> None:
        first_wrote.wait(10)
        Invoice.objects.update_synced(pk=invoice.pk, title="second", amount=Decimal("2"))
        timeline.append("second done")

    t1, e1 = _in_thread(first)
    t2, e2 = _in_thread(second)
    first_wrote.wait(10)
    time.sleep(0.5)  # the second writer is now blocked on the row lock
    assert timeline == []
    release_first.set()
    t1.join(20)
    t2.join(20)
    assert not e1 and not e2, (e1, e2)
    assert timeline == ["first commits", "second done"]
    invoice.refresh_from_db()
    card = InvoiceCard.objects.get(invoice=invoice)
    assert (invoice.title, invoice.amount) == ("second", Decimal("2"))
    assert (card.label, card.amount) == ("second", Decimal("2"))


def test_concurrent_bulk_and_single_updates_leave_every_card_equal(make_invoices, listeners):
    invoices = make_invoices(20)
    # Two bulk writers lock overlapping rows: every write path locks them by primary key.
    bulk_writers = ["aa", "bbbb"]
    barrier = threading.Barrier(len(bulk_writers) + 2)

    def bulk(value: str) -> None:
        barrier.wait(10)
        for _ in range(5):
            Invoice.objects.bulk_update_synced(
                Invoice.objects.all(), title=value, amount=Decimal(len(value))
            )

    def single(value: str) -> None:
        barrier.wait(10)
        for invoice in invoices:
            Invoice.objects.update_synced(pk=invoice.pk, title=value, amount=Decimal(len(value)))

    threads = [*(_in_thread(bulk, v) for v in bulk_writers)]
    threads += [_in_thread(single, "c"), _in_thread(single, "ddd")]
    for thread, _ in threads:
        thread.join(60)
    for _, errors in threads:
        assert not errors, errors
    for invoice in Invoice.objects.all():
        card = InvoiceCard.objects.get(invoice=invoice)
        assert (card.label, card.amount) == (invoice.title, invoice.amount)
        assert invoice.amount == len(invoice.title)


def test_flow_back_racing_source_updates_never_deadlocks(make_invoices, listeners):
    # Card writes flow their amount back to the invoices while invoice updates push to the
    # cards: both lock the invoices before the cards (sources first, keys ascending). Without
    # that order, PostgreSQL aborts several of these 40 writes as deadlocked.
    invoices = make_invoices(60)
    rounds, writers = 5, 8
    barrier = threading.Barrier(writers)

    def write(n: int) -> None:
        for r in range(rounds):
            amount = Decimal(n * 10 + r)
            barrier.wait(20)
            if n % 4 == 0:
                card = InvoiceCard.objects.get(invoice=invoices[r])
                card.amount = amount
                card.save()
            elif n % 4 == 1:
                InvoiceCard.objects.update(amount=amount)
            else:
                Invoice.objects.update(amount=amount)

    threads = [_in_thread(write, n) for n in range(writers)]
    for thread, _ in threads:
        thread.join(120)
    errors = [error for _, found in threads for error in found]
    assert errors == []
    for invoice in Invoice.objects.all():
        assert InvoiceCard.objects.get(invoice=invoice).amount == invoice.amount
