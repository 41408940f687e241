"""Fixtures of the sync tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sync.models import Invoice, InvoiceCard


def data_statements(context: CaptureQueriesContext) -> list[str]:
    """The statements of the write and its sync, without what belongs to neither.

    Left out: the SAVEPOINT bookkeeping of nested ``atomic()`` (tests run inside a
    transaction, so each ``atomic()`` adds a pair a real outermost transaction would not
    have), and the rows the optional ``modelsync.audit`` app stores about the change (it is
    installed in the test settings and has its own cost, documented by its part).
    """
    return [
        q["sql"]
        for q in context.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
        and '"modelsync_audit_' not in q["sql"]
    ]


@pytest.fixture
def statements() -> Callable[[], Any]:
    """``with statements() as ctx: ...`` then ``data_statements(ctx)``."""
    return lambda: CaptureQueriesContext(connection)


@pytest.fixture
def make_invoices(db: None) -> Callable[..., list[Invoice]]:
    """Create ``n`` invoices (each with a card unless ``cards=False``)."""

    def make(n: int, cards: bool = True, **fields: Any) -> list[Invoice]:
        invoices = Invoice.objects.bulk_create(
            [Invoice(title=f"inv {i}", **fields) for i in range(n)]
        )
        if cards:
            InvoiceCard.objects.bulk_create(
                [
                    InvoiceCard(invoice=inv, label=inv.title, amount=inv.amount, due=inv.due)
                    for inv in invoices
                ]
            )
        return invoices

    return make


@pytest.fixture
def user(db: None) -> Any:
    """A user to stamp writes with."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("alice", password="pw-alice-123")


def _ignore(**kwargs: Any) -> None:
    """A receiver of the tracking signals that does nothing: only its presence matters."""


@pytest.fixture(params=["tracked", "sync only"])
def listeners(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """Run a test twice: with another listener on the models' writes (the audit app and a
    receiver of ``post_update_signal``: the pipeline reads old values, and sync writes tracked
    targets through their tracked queryset so they are heard), and with sync as the only
    listener (its hooks need keys only: ``UPDATE … RETURNING pk``, targets by raw SQL)."""
    from modelsync.sync.engine import others_listen
    from modelsync.tracking import post_update_signal

    if request.param == "sync only":
        settings.MODELSYNC_AUDIT_MODELS = []  # the audit app then listens to nothing
    else:
        for model in (Invoice, InvoiceCard):
            post_update_signal.connect(_ignore, sender=model, dispatch_uid=f"test:{model}")
    try:
        assert others_listen(Invoice) is (request.param == "tracked")
        yield str(request.param)
    finally:
        for model in (Invoice, InvoiceCard):
            post_update_signal.disconnect(_ignore, sender=model, dispatch_uid=f"test:{model}")
