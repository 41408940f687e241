"""The OpenAPI schema validates, and a schema-driven fuzz run (schemathesis) finds no 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from .factories import add_to_cart, make_customer, make_order, make_product, make_staff, make_vendor

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


def test_schema_validates_without_warnings() -> None:
    out = StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )
    assert '"/api/customer/{customer_id}/dashboard/"' in out.getvalue()


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Requests go through the real WSGI handler, whose end-of-request hook would close the
    test's database connection (and its open transaction); Django's test client unhooks it
    the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def staff_headers(db: None, keep_test_connection: None) -> dict[str, str]:
    """A staff token (staff may call every operation) over a little real data."""
    vendor, customer = make_vendor(), make_customer()
    product = make_product(vendor)
    add_to_cart(customer, product)
    make_order(customer, vendor, (product, 1, "order_placed"))
    return {"Authorization": f"Token {Token.objects.create(user=make_staff()).key}"}


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_fuzzed_requests_never_cause_a_server_error(
    case: Any, staff_headers: dict[str, str]
) -> None:
    response = case.call(headers=staff_headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
    )
