"""``SyncTo`` declarations: relation kinds, renaming, settings override, system checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import models
from django.test import override_settings

from modelsync.sync import SyncDeclarationError, SyncTo
from modelsync.sync.checks import check_sync_declarations, check_sync_settings
from modelsync.sync.resolved import registry
from tests.sync.models import Archive, Customer, Invoice, InvoiceCard


def sync_checks():
    """Every system check of the sync part."""
    return [*check_sync_declarations(), *check_sync_settings()]


def test_reverse_one_to_one_with_renamed_field_resolves():
    resolved = Invoice.sync_card.resolve()
    assert resolved.target is InvoiceCard
    assert resolved.kind == "reverse"
    assert [(s.name, t.name) for s, t in resolved.pairs] == [
        ("title", "label"),
        ("amount", "amount"),
        ("due", "due"),
    ]
    assert resolved.bidirectional == {"amount"}


def test_forward_foreign_key_and_one_to_one_resolve():
    assert Invoice.sync_customer.resolve().target is Customer
    assert Invoice.sync_customer.resolve().kind == "forward"
    assert Invoice.sync_archive.resolve().target is Archive


@pytest.mark.django_db
@override_settings(MODELSYNC_SYNC_FIELD_MAPPINGS={"tests_sync.Invoice.card": {"amount": "amount"}})
def test_settings_mapping_replaces_the_declared_one(make_invoices):
    (invoice,) = make_invoices(1)
    Invoice.objects.filter(pk=invoice.pk).update(title="not synced", amount=Decimal("3"))
    card = InvoiceCard.objects.get(invoice=invoice)
    assert (card.label, card.amount) == ("inv 0", Decimal("3"))


@override_settings(MODELSYNC_SYNC_FIELD_MAPPINGS={"tests_sync.Invoice.nope": ["title"]})
def test_check_reports_a_mapping_key_without_declaration():
    errors = sync_checks()
    assert [e.id for e in errors] == ["modelsync.E020"]
    assert "tests_sync.Invoice.nope" in errors[0].msg


@override_settings(MODELSYNC_SYNC_FIELD_MAPPINGS={"tests_sync.Invoice.card": {"titel": "label"}})
def test_check_reports_an_unknown_source_field():
    errors = sync_checks()
    assert [e.id for e in errors] == ["modelsync.E021"]
    assert "source model tests_sync.Invoice has no field named 'titel'" in errors[0].msg


@override_settings(MODELSYNC_SYNC_CHUNK_SIZE=0)
def test_check_reports_a_bad_chunk_size():
    assert [e.id for e in sync_checks()] == ["modelsync.E023"]


def test_the_project_declarations_pass_the_checks():
    assert sync_checks() == []


def _declare(**attrs):
    """Attach a declaration to a throwaway model class without registering it globally."""
    before = list(registry)
    try:
        return type(
            "Tmp" + str(len(before)),
            (models.Model,),
            {
                "__module__": "tests.sync.models",
                "Meta": type("Meta", (), {"app_label": "tests_sync"}),
                **attrs,
            },
        )
    finally:
        registry[:] = before


def test_unknown_relation_is_a_declaration_error():
    declaration = SyncTo("nope", fields=["title"])
    _declare(declaration=declaration)
    with pytest.raises(SyncDeclarationError, match=r"has no relation named 'nope'"):
        declaration.resolve()


def test_bidirectional_field_must_be_synced():
    declaration = SyncTo("card", fields={"title": "label"}, bidirectional=["amount"])
    declaration.source = Invoice
    with pytest.raises(SyncDeclarationError, match=r"bidirectional fields \['amount'\]"):
        declaration.resolve()


def test_a_plain_string_is_not_a_field_list():
    with pytest.raises(SyncDeclarationError, match=r"list or a dict"):
        SyncTo("card", fields="title")


def test_unknown_target_field_is_named():
    declaration = SyncTo("card", fields={"title": "lable"})
    declaration.source = Invoice
    with pytest.raises(
        SyncDeclarationError,
        match=r"target model tests_sync.InvoiceCard has no field named 'lable'",
    ):
        declaration.resolve()
