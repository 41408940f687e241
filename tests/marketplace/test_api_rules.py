"""Shop rules through the API: derived order fields, payment, the life cycle, reviews,
lookups of others' objects, sign-in throttling, and the documented contract."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.models import Order, OrderItem, ProductReview
from marketplace.services.lifecycle import change_item_status

from .factories import PASSWORD, make_customer, make_order, make_product, make_staff, make_vendor

pytestmark = pytest.mark.django_db

S = OrderItem.Status


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def shop() -> dict[str, Any]:
    v1, v2 = make_vendor(), make_vendor()
    lamp, desk = make_product(v1, "Lamp", "10.00"), make_product(v2, "Desk", "50.00")
    c1, c2 = make_customer(), make_customer()
    o1 = make_order(c1, v1, (lamp, 2, S.ORDER_PLACED))
    o2 = make_order(c2, v2, (desk, 1, S.ORDER_PLACED))
    return {"v1": v1, "v2": v2, "lamp": lamp, "desk": desk, "c1": c1, "c2": c2, "o1": o1, "o2": o2}


@pytest.mark.parametrize(
    "body", [{"total_amount": "0.00"}, {"is_paid": True}, {"order_date": "2020-01-01"}]
)
def test_vendor_cannot_rewrite_what_the_customer_owes(shop: dict[str, Any], body: dict) -> None:
    response = client_for(shop["v1"].user).patch(
        f"/api/orders/{shop['o1'].pk}/", body, format="json"
    )
    assert response.status_code == 400
    assert set(body) <= set(response.json())
    order = Order.objects.get(pk=shop["o1"].pk)
    assert (order.total_amount, order.is_paid, order.order_date) == (Decimal("20.00"), False, None)


def test_the_customer_pays_their_order_through_its_own_action(shop: dict[str, Any]) -> None:
    url = f"/api/orders/{shop['o1'].pk}/pay/"
    assert client_for(shop["v1"].user).post(url).status_code == 403
    assert client_for(shop["c2"].user).post(url).status_code == 404
    response = client_for(shop["c1"].user).post(url)
    assert response.status_code == 200, response.content
    assert response.json()["is_paid"] is True
    assert Order.objects.get(pk=shop["o1"].pk).is_paid


def test_customer_cancels_before_shipping_but_not_after(shop: dict[str, Any]) -> None:
    client = client_for(shop["c1"].user)
    response = client.post(f"/api/orders/{shop['o1'].pk}/cancel/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    change_item_status(shop["o2"].items.all(), S.PACKED, by=None)
    change_item_status(shop["o2"].items.all(), S.SHIPPED, by=None)
    response = client_for(shop["c2"].user).post(f"/api/orders/{shop['o2'].pk}/cancel/")
    assert response.status_code == 400
    assert "'shipped' to 'cancelled'" in response.json()["detail"]


def test_illegal_item_transition_is_400_naming_it(shop: dict[str, Any]) -> None:
    item = shop["o1"].items.get()
    response = client_for(shop["v1"].user).patch(
        f"/api/order-items/{item.pk}/", {"status": "delivered"}, format="json"
    )
    assert response.status_code == 400
    assert (
        f"Order item {item.pk} can't move from 'order_placed' to 'delivered'"
        in (response.json()["detail"])
    )


def test_bulk_status_is_all_or_nothing(shop: dict[str, Any]) -> None:
    lamp2 = make_product(shop["v1"], "Lamp 2")
    order = make_order(shop["c1"], shop["v1"], (lamp2, 1, S.PACKED))
    ids = [shop["o1"].items.get().pk, order.items.get().pk]
    response = client_for(shop["v1"].user).post(
        "/api/order-items/bulk-status/", {"ids": ids, "status": "shipped"}, format="json"
    )
    assert response.status_code == 400
    assert sorted(OrderItem.objects.filter(pk__in=ids).values_list("status", flat=True)) == [
        S.ORDER_PLACED,
        S.PACKED,
    ]


@pytest.mark.parametrize(
    ("path", "param", "other"),
    [
        ("/api/order-items/", "order", "o2"),
        ("/api/orders/", "customer", "c2"),
        ("/api/orders/", "vendor", "v2"),
    ],
)
def test_filtering_by_someone_elses_object_answers_like_a_missing_one(
    shop: dict[str, Any], path: str, param: str, other: str
) -> None:
    client = client_for(shop["c1"].user)
    theirs = client.get(path, {param: shop[other].pk})
    missing = client.get(path, {param: 10**12})
    assert theirs.status_code == missing.status_code == 200
    assert (
        theirs.json()
        == missing.json()
        == {
            "count": 0,
            "next": None,
            "previous": None,
            "results": [],
        }
    )


def test_only_a_customer_who_received_a_product_reviews_it(shop: dict[str, Any]) -> None:
    client = client_for(shop["c1"].user)
    body = {"product": shop["lamp"].pk, "rating": "4.0", "review": "Bright"}
    response = client.post("/api/reviews/", body, format="json")
    assert response.status_code == 400
    assert "received" in response.json()["detail"]
    for status in (S.PACKED, S.SHIPPED, S.DELIVERED):
        change_item_status(shop["o1"].items.all(), status, by=None)
    assert client.post("/api/reviews/", body, format="json").status_code == 201
    again = client.post("/api/reviews/", body, format="json")
    assert again.status_code == 400
    assert ProductReview.objects.count() == 1


def test_a_hidden_product_answers_a_review_like_a_missing_one(shop: dict[str, Any]) -> None:
    for status in (S.PACKED, S.SHIPPED, S.DELIVERED):
        change_item_status(shop["o1"].items.all(), status, by=None)
    shop["lamp"].is_active = False
    shop["lamp"].save()
    client = client_for(shop["c1"].user)
    hidden = client.post(
        "/api/reviews/", {"product": shop["lamp"].pk, "rating": "4.0"}, format="json"
    )
    missing = client.post("/api/reviews/", {"product": 10**12, "rating": "4.0"}, format="json")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["product"][0].replace(str(shop["lamp"].pk), "N") == missing.json()[
        "product"
    ][0].replace(str(10**12), "N")


def test_twenty_wrong_passwords_are_throttled_after_the_limit(shop: dict[str, Any]) -> None:
    cache.clear()
    client = APIClient()
    username = shop["c1"].user.username
    codes = [
        client.post("/api/auth/token/", {"username": username, "password": "wrong"}).status_code
        for _ in range(20)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10:] == [429] * 10
    # The right password is throttled as well until the window moves on.
    right = client.post("/api/auth/token/", {"username": username, "password": PASSWORD})
    assert right.status_code == 429 and int(right["Retry-After"]) > 0
    cache.clear()


def test_swagger_ui_is_served_from_the_installed_sidecar() -> None:
    page = APIClient().get("/api/schema/ui/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_schema_documents_public_reads_item_shape_and_error_answers() -> None:
    schema = client_for(make_staff()).get("/api/schema/?format=json").json()
    products = schema["paths"]["/api/products/"]
    assert {} in products["get"]["security"]
    assert {} not in products["post"]["security"]
    assert {} not in schema["paths"]["/api/orders/"]["get"]["security"]
    item = schema["components"]["schemas"]["OrderItem"]["properties"]
    assert "product_detail" in item
    detail = schema["paths"]["/api/orders/{id}/"]
    for code in ("400", "403", "404"):
        assert code in detail["patch"]["responses"]
    assert "409" in schema["paths"]["/api/products/{id}/"]["delete"]["responses"]
    assert "429" in schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert detail["get"]["parameters"][0]["schema"]["pattern"] == "^[0-9]+$"


def test_the_login_page_throttles_wrong_passwords_too(shop: dict[str, Any]) -> None:
    from django.test import Client

    cache.clear()
    client = Client()
    body = {"username": shop["c1"].user.username, "password": "wrong"}
    codes = [client.post("/accounts/login/", body).status_code for _ in range(20)]
    assert codes[:10] == [200] * 10  # the form again, with its error
    assert codes[10:] == [429] * 10
    cache.clear()
