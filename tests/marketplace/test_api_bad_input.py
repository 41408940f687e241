"""Bad input to the API is a 4xx with a JSON body naming the parameter, never a 500."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from marketplace.api.fields import IdField
from marketplace.api.filters import IdFormField
from marketplace.ids import MAX_ID, InvalidId, parse_id
from marketplace.models import CartItem, Product

from .factories import add_to_cart, make_customer, make_order, make_product, make_staff, make_vendor

pytestmark = pytest.mark.django_db

HUGE = "9" * 20
NON_ASCII_ONES = ["\u0661", "\uff11", "\U0001d7cf"]  # Arabic-Indic, full-width, mathematical


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def shop() -> dict[str, Any]:
    vendor, customer = make_vendor(), make_customer()
    product = make_product(vendor, "Lamp", "10.00")
    order = make_order(customer, vendor, (product, 1, "order_placed"))
    return {"vendor": vendor, "customer": customer, "product": product, "order": order}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"category": "\u00b2"}, "category"),
        ({"category": HUGE}, "category"),
        ({"tag": HUGE}, "tag"),
        ({"vendor": "1.5"}, "vendor"),
        ({"vendor": "\u0661"}, "vendor"),
        ({"min_price": "1e400"}, "min_price"),
    ],
)
def test_bad_catalog_filters_are_400_naming_the_parameter(query: dict[str, str], name: str) -> None:
    response = APIClient().get("/api/products/", query)
    assert response.status_code == 400
    assert name in response.json()


def test_bulk_status_with_a_21_digit_id_is_400_naming_the_element(shop: dict[str, Any]) -> None:
    response = client_for(shop["vendor"].user).post(
        "/api/order-items/bulk-status/", {"ids": [int("1" * 21)], "status": "packed"}, format="json"
    )
    assert response.status_code == 400
    assert "ids" in response.json() and "must be a positive integer id" in response.content.decode()


def test_crm_bulk_update_with_a_huge_id_is_400(shop: dict[str, Any]) -> None:
    response = client_for(make_staff()).post(
        "/api/crm/orders/bulk-update/",
        {"ids": [10**20], "values": {"contact": "Ann"}},
        format="json",
    )
    assert response.status_code == 400
    assert "ids" in response.json()


def test_deleting_an_ordered_product_is_409_with_a_message(shop: dict[str, Any]) -> None:
    response = client_for(shop["vendor"].user).delete(f"/api/products/{shop['product'].pk}/")
    assert response.status_code == 409
    assert "has been ordered" in response.json()["detail"]
    assert Product.objects.filter(pk=shop["product"].pk).exists()


def test_deleting_a_product_never_ordered_works(shop: dict[str, Any]) -> None:
    unsold = make_product(shop["vendor"], "Vase")
    assert client_for(shop["vendor"].user).delete(f"/api/products/{unsold.pk}/").status_code == 204


@pytest.mark.parametrize("one", NON_ASCII_ONES)
def test_non_ascii_digits_in_a_path_name_no_object(shop: dict[str, Any], one: str) -> None:
    # Product 1 of this vendor exists, so reading the digit as 1 would find it.
    target = Product.objects.filter(pk=1, vendor=shop["vendor"]).first() or make_product(
        shop["vendor"], "Lamp", id=1
    )
    client = client_for(shop["vendor"].user)
    for response in (
        client.patch(f"/api/products/{one}/", {"name": "Hacked"}, format="json"),
        client.delete(f"/api/products/{one}/"),
        client.get(f"/api/products/{one}/"),
    ):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
    assert Product.objects.get(pk=target.pk).name == "Lamp"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/products/{HUGE}/",
        f"/api/orders/{HUGE}/",
        f"/api/customer/{HUGE}/dashboard/",
        f"/api/vendor/{HUGE}/dashboard/",
        f"/api/crm/pipelines/{HUGE}/",
        "/api/no-such-thing/",
    ],
)
def test_unknown_or_out_of_range_paths_are_a_json_404(shop: dict[str, Any], path: str) -> None:
    response = client_for(make_staff()).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("product", [1.5, True, "\u0661", HUGE, -1, None])
def test_cart_product_that_is_not_an_id_is_400_and_adds_nothing(
    shop: dict[str, Any], product: object
) -> None:
    CartItem.objects.all().delete()
    response = client_for(shop["customer"].user).post(
        "/api/cart-items/", {"product": product, "quantity": 1}, format="json"
    )
    assert response.status_code == 400
    assert "product" in response.json()
    assert not CartItem.objects.exists()


@given(st.one_of(st.text(max_size=25), st.integers(), st.floats(), st.booleans(), st.none()))
def test_parse_id_returns_an_id_in_range_or_refuses(value: object) -> None:
    try:
        number = parse_id(value, "x")
    except InvalidId as error:
        assert "x must be a positive integer id" in str(error)
        assert isinstance(error, ValueError)
        return
    assert isinstance(number, int) and 1 <= number <= MAX_ID
    if isinstance(value, str):
        assert value.isascii() and value.isdigit() and int(value) == number
    else:
        assert type(value) is int and value == number


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_in_range_round_trips_through_the_parsers(number: int) -> None:
    assert parse_id(str(number)) == parse_id(number) == number
    assert IdField().to_internal_value(str(number)) == number
    assert IdFormField().clean(str(number)) == number


@given(st.text(min_size=1, max_size=25))
def test_the_form_and_serializer_id_fields_refuse_what_parse_id_refuses(text: str) -> None:
    from django import forms
    from rest_framework import serializers

    try:
        expected: int | None = parse_id(text)
    except InvalidId:
        expected = None
    for clean, error in (
        (IdField().to_internal_value, serializers.ValidationError),
        (IdFormField(required=False).clean, forms.ValidationError),
    ):
        if expected is None and text.strip():
            with pytest.raises(error):
                clean(text)
        elif expected is not None:
            assert clean(text) == expected


def test_cart_line_over_the_cap_is_400_and_the_line_keeps_its_quantity(
    shop: dict[str, Any],
) -> None:
    client = client_for(shop["customer"].user)
    body = {"product": shop["product"].pk, "quantity": 1000}
    assert client.post("/api/cart-items/", body, format="json").status_code == 201
    second = client.post("/api/cart-items/", body, format="json")
    assert second.status_code == 400
    assert "at most 1000" in second.json()["detail"]
    assert CartItem.objects.get(customer=shop["customer"]).quantity == 1000


def test_adding_a_product_already_in_the_cart_grows_its_line(shop: dict[str, Any]) -> None:
    add_to_cart(shop["customer"], shop["product"], 2)
    response = client_for(shop["customer"].user).post(
        "/api/cart-items/", {"product": shop["product"].pk, "quantity": 3}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["quantity"] == 5
    assert CartItem.objects.get(customer=shop["customer"]).quantity == 5


def test_review_text_and_names_with_bidi_controls_are_400_naming_the_field(
    shop: dict[str, Any],
) -> None:
    response = client_for(shop["vendor"].user).post(
        "/api/products/",
        {"name": "Lamp\u202egpj.exe", "price": str(Decimal("1.00"))},
        format="json",
    )
    assert response.status_code == 400
    assert "U+202E" in response.json()["name"][0]
    response = client_for(make_staff()).post(
        "/api/categories/", {"name": "Tools\u2066"}, format="json"
    )
    assert response.status_code == 400 and "U+2066" in response.json()["name"][0]


def test_a_browser_keeps_the_browsable_apis_error_page_with_its_detail() -> None:
    response = APIClient().get("/api/orders/", HTTP_ACCEPT="text/html")
    assert response.status_code == 403
    assert "Authentication credentials were not provided" in response.content.decode()
