"""The API keeps its OpenAPI contract for customers and vendors: schemathesis sends generated
requests to a live server and checks every answer -- no 5xx, only documented status codes and
content types, bodies that match the documented schema.

Bounded for CI: a few examples per operation and role (a couple of minutes in all).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import add_to_cart, make_customer, make_order, make_product, make_vendor

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The operations come from the schema the project publishes; the requests go to a live server.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def tokens(live_server: Any) -> dict[str, dict[str, str]]:
    """A customer's and a vendor's token headers, over a little real data of both."""
    vendor, customer = make_vendor(), make_customer()
    product = make_product(vendor)
    add_to_cart(customer, product)
    make_order(customer, vendor, (product, 1, "order_placed"))
    return {
        role: {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        for role, user in (("customer", customer.user), ("vendor", vendor.user))
    }


BOUNDED = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_api_answers_a_customer_as_documented(
    case: Any, tokens: dict[str, dict[str, str]], live_server: Any
) -> None:
    case.call_and_validate(base_url=live_server.url, headers=tokens["customer"], checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_api_answers_a_vendor_as_documented(
    case: Any, tokens: dict[str, dict[str, str]], live_server: Any
) -> None:
    case.call_and_validate(base_url=live_server.url, headers=tokens["vendor"], checks=CHECKS)
