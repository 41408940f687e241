"""Sync's hooks on the write pipeline: registered while the models load, with or without the
``modelsync.sync`` app, whatever the order in which source and target are defined."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import models
from django.test.utils import isolate_apps

from modelsync import tracking
from modelsync.sync import SyncManager, SyncTo
from modelsync.sync.engine import SOURCE_HOOK, TARGET_HOOK
from modelsync.sync.resolved import registry
from modelsync.tracking.models import TrackedModel
from tests.sync.models import Archive, Customer, Invoice, InvoiceCard

ROOT = Path(__file__).resolve().parents[2]


def _hooks(model: type[models.Model]) -> dict[str, tracking.Hook]:
    return {hook.name: hook for hook in tracking.registered(model)}


def test_a_source_has_one_keys_only_hook_in_the_transaction_before_the_audit():
    hook = _hooks(Invoice)[SOURCE_HOOK]
    assert hook.needs == tracking.Need.KEYS
    assert hook.when is tracking.When.IN_TRANSACTION
    assert hook.order == tracking.ORDER_SYNC < tracking.ORDER_AUDIT
    assert set(hook.actions) == {tracking.Action.CREATE, tracking.Action.UPDATE}


def test_a_target_holding_the_key_asks_for_old_values_to_tell_a_move_from_a_save():
    assert _hooks(InvoiceCard)[TARGET_HOOK].needs == tracking.Need.KEYS | tracking.Need.OLD_VALUES


def test_a_target_the_source_points_at_has_no_hook_when_nothing_flows_back():
    assert TARGET_HOOK not in _hooks(Customer)
    assert _hooks(Archive) == {}


@pytest.fixture
def throwaway_declarations() -> Iterator[list[type[models.Model]]]:
    """Models defined by the test, in their own app registry; their hooks are removed after."""
    before = list(registry)
    defined: list[type[models.Model]] = []
    with isolate_apps("tests.sync"):
        yield defined
    registry[:] = before
    for model in defined:
        for name in (SOURCE_HOOK, TARGET_HOOK):
            tracking.unregister(model, name)


def test_a_target_defined_before_its_source_gets_its_hook(throwaway_declarations):
    class EarlyCard(TrackedModel):
        owner = models.OneToOneField("LateInvoice", models.CASCADE, related_name="early_card")
        amount = models.DecimalField(max_digits=10, decimal_places=2)

    class LateInvoice(TrackedModel):
        amount = models.DecimalField(max_digits=10, decimal_places=2)
        objects = SyncManager()
        sync_card = SyncTo("early_card", fields=["amount"])

    throwaway_declarations.extend([EarlyCard, LateInvoice])
    assert SOURCE_HOOK in _hooks(LateInvoice)
    assert TARGET_HOOK in _hooks(EarlyCard)


def test_a_forward_target_named_before_it_exists_gets_its_hook(throwaway_declarations):
    class Owner(TrackedModel):
        name = models.CharField(max_length=20)
        holder = models.ForeignKey("LaterHolder", models.CASCADE)
        objects = SyncManager()
        sync_holder = SyncTo("holder", fields=["name"], bidirectional=["name"])

    class LaterHolder(TrackedModel):
        name = models.CharField(max_length=20)
        objects = SyncManager()

    throwaway_declarations.extend([Owner, LaterHolder])
    assert _hooks(LaterHolder)[TARGET_HOOK].needs == tracking.Need.KEYS


SCRIPT = textwrap.dedent(
    """
    import django
    from decimal import Decimal
    from django.apps import apps
    from django.core.management import call_command

    django.setup()
    assert not apps.is_installed("modelsync.sync")
    call_command("migrate", run_syncdb=True, verbosity=0)
    from tests.sync.models import Invoice, InvoiceCard

    invoice = Invoice.objects.create(title="a")
    card = InvoiceCard.objects.create(invoice=invoice)
    Invoice.objects.filter(pk=invoice.pk).update(title="b", amount=Decimal("2"))
    card.refresh_from_db()
    card.amount = Decimal("5")
    card.save()
    invoice.refresh_from_db()
    from django.core.checks import registry, run_checks
    from modelsync.sync.checks import check_sync_declarations

    assert check_sync_declarations in registry.registry.get_checks()
    assert run_checks(tags=["modelsync"]) == []
    print(card.label, invoice.amount)
    """
)

SETTINGS = textwrap.dedent(
    """
    SECRET_KEY = "test"
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "tests.sync"]
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    USE_TZ = True
    """
)


def test_sync_and_its_checks_work_without_the_app_installed(tmp_path):
    (tmp_path / "no_sync_app_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "no_sync_app_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), str(ROOT / "src")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # The card followed the invoice's update, its amount flowed back, the checks ran.
    assert result.stdout.split() == ["b", str(Decimal("5.00"))]
