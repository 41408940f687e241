"""The reference project boots: settings, URLs and system checks."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_system_checks_pass() -> None:
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_openapi_schema_is_served(client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi" in response.content
