"""Drift check and repair: ``modelsync_sync --check`` / ``--repair``."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from modelsync.sync import count_drift, find_drift, repair_drift
from tests.sync.conftest import data_statements
from tests.sync.models import InvoiceCard

pytestmark = pytest.mark.django_db

KEY = "tests_sync.Invoice.card"


def drift(invoices, n):
    """Make the cards of the first ``n`` invoices differ, behind sync's back (base manager)."""
    InvoiceCard._base_manager.filter(invoice__in=invoices[:n]).update(amount=Decimal("99"))


def test_find_drift_lists_exactly_the_drifted_sources(make_invoices):
    invoices = make_invoices(5)
    drift(invoices, 2)
    assert find_drift(KEY) == sorted(i.pk for i in invoices[:2])
    assert count_drift(KEY) == 2


def test_null_versus_value_is_drift_and_null_versus_null_is_not(make_invoices):
    invoices = make_invoices(2)
    InvoiceCard._base_manager.filter(invoice=invoices[0]).update(due="2026-01-01")
    assert find_drift(KEY) == [invoices[0].pk]


def test_check_exits_non_zero_and_lists_drift(make_invoices):
    invoices = make_invoices(3)
    drift(invoices, 2)
    out = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("modelsync_sync", "--check", KEY, stdout=out)
    assert excinfo.value.returncode == 1
    assert f"{KEY}: 2 drifted: {invoices[0].pk}, {invoices[1].pk}" in out.getvalue()


def test_check_passes_when_in_sync(make_invoices):
    make_invoices(3)
    out = StringIO()
    call_command("modelsync_sync", "--check", stdout=out)
    assert f"{KEY}: in sync" in out.getvalue()


def test_repair_fixes_drift_chunk_by_chunk_with_a_progress_bar(make_invoices):
    invoices = make_invoices(7)
    drift(invoices, 5)
    out, err = StringIO(), StringIO()
    call_command("modelsync_sync", "--repair", KEY, "--chunk-size", "2", stdout=out, stderr=err)
    assert f"{KEY}: repaired 5 target row(s)" in out.getvalue()
    assert "5/5" in err.getvalue()
    assert count_drift(KEY) == 0
    assert set(InvoiceCard.objects.values_list("amount", flat=True)) == {Decimal("0")}


def test_repair_is_set_based_per_chunk_and_idempotent(
    make_invoices, statements, listeners, is_postgres
):
    invoices = make_invoices(6)
    drift(invoices, 6)
    with statements() as ctx:
        assert repair_drift(KEY, chunk_size=10) == 6
    # One SELECT of drifted keys, one UPDATE of the cards (a tracked one when others listen to
    # the cards, which on SQLite reads the old values first).
    assert len(data_statements(ctx)) == (3 if listeners == "tracked" and not is_postgres else 2)
    assert repair_drift(KEY) == 0


def test_unknown_declaration_is_a_command_error(db):
    with pytest.raises(CommandError, match=r"no sync declaration 'nope.Nope.x'"):
        call_command("modelsync_sync", "--check", "nope.Nope.x")


def test_check_or_repair_is_required(db):
    with pytest.raises(CommandError):
        call_command("modelsync_sync")
