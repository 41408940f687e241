"""The committed migrations match the models of every app (library apps and the marketplace)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:  # makemigrations --check exits 1 on pending changes
        pytest.fail(f"models changed without a migration (code {exit_.code}):\n{out.getvalue()}")
