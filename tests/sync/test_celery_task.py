"""The Celery path, run by a real worker on Redis (``celery_worker`` fixture)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from modelsync.sync import count_drift
from modelsync.sync.tasks import bulk_update_task, enqueue_bulk_update, repair_task
from tests.sync.models import Invoice, InvoiceCard

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_worker_runs_a_chunked_bulk_update_of_the_matched_rows(celery_worker, make_invoices, user):
    make_invoices(5, status="draft")
    make_invoices(2, status="paid")
    result = enqueue_bulk_update(
        Invoice.objects.filter(status="draft"),
        user=user,
        chunk_size=2,
        status="sent",
        amount=Decimal("5.50"),
    )
    progress = result.get(timeout=60)
    assert progress["done"] == progress["total"] == 5
    assert progress["updated"] == 5
    cards = InvoiceCard.objects.filter(invoice__status="sent")
    assert cards.count() == 5
    assert set(cards.values_list("amount", flat=True)) == {Decimal("5.50")}
    assert set(cards.values_list("updated_by", flat=True)) == {user.pk}
    assert InvoiceCard.objects.filter(amount=Decimal("0")).count() == 2


def test_worker_resumes_after_the_last_done_key(celery_worker, make_invoices):
    invoices = make_invoices(4)
    keys = [i.pk for i in invoices]
    result = bulk_update_task.delay(
        "tests_sync.Invoice", keys, {"amount": Decimal("2")}, chunk_size=1, start_after=keys[1]
    )
    progress = result.get(timeout=60)
    assert progress == {"done": 4, "total": 4, "last_key": keys[-1], "updated": 2}
    amounts = dict(InvoiceCard.objects.values_list("invoice_id", "amount"))
    assert amounts == {
        keys[0]: Decimal("0"),
        keys[1]: Decimal("0"),
        keys[2]: Decimal("2"),
        keys[3]: Decimal("2"),
    }


def test_running_the_same_task_twice_is_harmless(celery_worker, make_invoices):
    invoices = make_invoices(3)
    args = ("tests_sync.Invoice", [i.pk for i in invoices], {"title": "same"})
    bulk_update_task.delay(*args).get(timeout=60)
    bulk_update_task.delay(*args).get(timeout=60)
    assert set(InvoiceCard.objects.values_list("label", flat=True)) == {"same"}
    assert count_drift("tests_sync.Invoice.card") == 0


def test_worker_repairs_drift(celery_worker, make_invoices):
    invoices = make_invoices(5)
    InvoiceCard._base_manager.filter(invoice__in=invoices[:3]).update(label="drifted")
    progress = repair_task.delay("tests_sync.Invoice.card", chunk_size=2).get(timeout=60)
    assert progress["done"] == 3 and progress["written"] == 3
    assert count_drift("tests_sync.Invoice.card") == 0


def test_progress_is_reported_to_the_result_backend(celery_worker, make_invoices):
    import uuid

    from celery.result import AsyncResult

    invoices = make_invoices(5)
    task_id = f"progress-{uuid.uuid4()}"
    # apply() runs in this thread with a request id; eager results are not stored, so the
    # backend keeps the last PROGRESS state the task reported.
    bulk_update_task.apply(
        args=("tests_sync.Invoice", [i.pk for i in invoices], {"title": "p"}),
        kwargs={"chunk_size": 2},
        task_id=task_id,
    )
    state = AsyncResult(task_id, app=celery_worker)
    assert state.state == "PROGRESS"
    assert state.info == {"done": 5, "total": 5, "last_key": invoices[-1].pk}
