"""REST API: who sees and edits what; validation errors are 400 with field messages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.models import CartItem, Order, OrderItem, ProductReview

from .factories import add_to_cart, make_customer, make_order, make_product, make_staff, make_vendor

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def shop():  # type: ignore[no-untyped-def]
    """Two vendors and two customers, each customer with a cart line, an order and a review."""
    v1, v2 = make_vendor("North"), make_vendor("South")
    p1, p2 = make_product(v1, "Lamp", "10.00"), make_product(v2, "Desk", "50.00")
    c1, c2 = make_customer(), make_customer()
    data = {"v1": v1, "v2": v2, "p1": p1, "p2": p2, "c1": c1, "c2": c2}
    data["cart1"] = add_to_cart(c1, p1)
    data["cart2"] = add_to_cart(c2, p2)
    data["o1"] = make_order(c1, v1, (p1, 1, "order_placed"))
    data["o2"] = make_order(c2, v2, (p2, 1, "order_placed"))
    data["r1"] = ProductReview.objects.create(customer=c1, product=p1, rating=Decimal("4.0"))
    data["r2"] = ProductReview.objects.create(customer=c2, product=p2, rating=Decimal("3.0"))
    return data


def ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_cannot_read_carts_or_orders(shop) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    assert client.get("/api/cart-items/").status_code in (401, 403)
    assert client.get("/api/orders/").status_code in (401, 403)
    assert client.get("/api/products/").status_code == 200


def test_token_authentication_works(shop) -> None:  # type: ignore[no-untyped-def]
    token = Token.objects.create(user=shop["c1"].user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(client.get("/api/cart-items/")) == {shop["cart1"].pk}


def test_customer_sees_only_their_cart_orders_and_reviews(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    assert ids(client.get("/api/cart-items/")) == {shop["cart1"].pk}
    assert ids(client.get("/api/orders/")) == {shop["o1"].pk}
    assert ids(client.get("/api/reviews/")) == {shop["r1"].pk}
    assert client.get(f"/api/orders/{shop['o2'].pk}/").status_code == 404
    assert client.get(f"/api/cart-items/{shop['cart2'].pk}/").status_code == 404
    assert client.patch(f"/api/reviews/{shop['r2'].pk}/", {"rating": "5.0"}).status_code == 404
    assert client.delete(f"/api/cart-items/{shop['cart2'].pk}/").status_code == 404
    assert CartItem.objects.filter(pk=shop["cart2"].pk).exists()


def test_customer_cannot_edit_orders(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    response = client.patch(f"/api/orders/{shop['o1'].pk}/", {"is_paid": True}, format="json")
    assert response.status_code == 404
    assert not Order.objects.get(pk=shop["o1"].pk).is_paid


def test_vendor_sees_only_their_orders_and_edits_only_their_products(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["v1"].user)
    assert ids(client.get("/api/orders/")) == {shop["o1"].pk}
    assert ids(client.get("/api/reviews/")) == {shop["r1"].pk}
    assert client.get(f"/api/orders/{shop['o2'].pk}/").status_code == 404
    response = client.patch(f"/api/products/{shop['p2'].pk}/", {"price": "1.00"}, format="json")
    assert response.status_code == 404
    response = client.patch(f"/api/products/{shop['p1'].pk}/", {"price": "12.50"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["price"] == "12.50"


def test_vendor_creates_products_for_their_own_shop(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["v1"].user)
    response = client.post(
        "/api/products/",
        {"name": "Chair", "price": "30.00", "stock": 3, "vendor": shop["v2"].pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["vendor"] == shop["v1"].pk
    assert response.json()["product_id"].startswith("CCT")


def test_customer_cannot_create_products(shop) -> None:  # type: ignore[no-untyped-def]
    response = client_for(shop["c1"].user).post(
        "/api/products/", {"name": "X", "price": "1.00"}, format="json"
    )
    assert response.status_code == 403


def test_vendor_updates_the_order_contact_through_the_api(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["v1"].user)
    response = client.patch(f"/api/orders/{shop['o1'].pk}/", {"contact": "Ann"}, format="json")
    assert response.status_code == 200, response.content
    order = Order.objects.get(pk=shop["o1"].pk)
    assert order.contact == "Ann" and not order.is_paid
    assert order.updated_by == shop["v1"].user


def test_staff_sees_everything(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_staff())
    assert ids(client.get("/api/orders/")) == {shop["o1"].pk, shop["o2"].pk}
    assert ids(client.get("/api/cart-items/")) == {shop["cart1"].pk, shop["cart2"].pk}
    assert ids(client.get("/api/reviews/")) == {shop["r1"].pk, shop["r2"].pk}


def test_review_out_of_range_is_400_with_field_message(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c2"].user)
    response = client.post(
        "/api/reviews/", {"product": shop["p1"].pk, "rating": "6.0"}, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()


def test_second_review_of_same_product_is_400(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    response = client.post(
        "/api/reviews/", {"product": shop["p1"].pk, "rating": "2.0"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_vendor_cannot_write_reviews(shop) -> None:  # type: ignore[no-untyped-def]
    response = client_for(shop["v1"].user).post(
        "/api/reviews/", {"product": shop["p2"].pk, "rating": "2.0"}, format="json"
    )
    assert response.status_code == 403


def test_cart_quantity_zero_is_400(shop) -> None:  # type: ignore[no-untyped-def]
    response = client_for(shop["c1"].user).post(
        "/api/cart-items/", {"product": shop["p2"].pk, "quantity": 0}, format="json"
    )
    assert response.status_code == 400
    assert "quantity" in response.json()


def test_filtering_and_pagination(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    body = client.get("/api/products/", {"vendor": shop["v2"].pk}).json()
    assert body["count"] == 1 and body["results"][0]["id"] == shop["p2"].pk
    assert client.get("/api/products/", {"min_price": "abc"}).status_code == 400
    assert {"count", "next", "previous", "results"} <= set(body)


def test_vendor_bulk_item_status_ships_the_order(shop, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["v1"].user)
    item_ids = list(OrderItem.objects.filter(order=shop["o1"]).values_list("pk", flat=True))
    OrderItem.objects.filter(pk__in=item_ids).update(status="packed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/order-items/bulk-status/", {"ids": item_ids, "status": "shipped"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert Order.objects.get(pk=shop["o1"].pk).status == Order.Status.SHIPPED


def test_vendor_bulk_status_on_someone_elses_items_is_400_and_changes_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["v1"].user)
    other = OrderItem.objects.get(order=shop["o2"])
    response = client.post(
        "/api/order-items/bulk-status/", {"ids": [other.pk], "status": "shipped"}, format="json"
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == "order_placed"


def test_customer_favourites_a_product_and_sees_it_on_the_dashboard(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    assert client.post(f"/api/products/{shop['p2'].pk}/favourite/").status_code == 204
    body = client.get(f"/api/customer/{shop['c1'].pk}/dashboard/").json()
    assert [p["id"] for p in body["favourite_products"]] == [shop["p2"].pk]
    assert client.delete(f"/api/products/{shop['p2'].pk}/favourite/").status_code == 204
    assert not shop["c1"].favourite_products.exists()
    assert (
        client_for(shop["v1"].user).post(f"/api/products/{shop['p2'].pk}/favourite/").status_code
        == 403
    )


def test_staff_cannot_add_another_vendors_product_to_an_order(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_staff())
    response = client.post(
        "/api/order-items/",
        {"order": shop["o1"].pk, "product": shop["p2"].pk, "quantity": 1, "unit_price": "1.00"},
        format="json",
    )
    assert response.status_code == 400
    assert "product" in response.json()


def test_api_records_a_customers_searches_and_product_views(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    assert client.get("/api/products/", {"search": "desk"}).json()["count"] == 1
    assert client.get(f"/api/products/{shop['p2'].pk}/").status_code == 200
    body = client.get(f"/api/customer/{shop['c1'].pk}/dashboard/").json()
    assert [s["query"] for s in body["searched_products"]] == ["desk"]
    assert [v["product"]["id"] for v in body["viewed_products"]] == [shop["p2"].pk]


def test_customer_favourites_a_vendor(shop) -> None:  # type: ignore[no-untyped-def]
    client = client_for(shop["c1"].user)
    assert client.post(f"/api/vendors/{shop['v2'].pk}/favourite/").status_code == 204
    assert list(shop["c1"].favourite_vendors.all()) == [shop["v2"]]
    assert client.delete(f"/api/vendors/{shop['v2'].pk}/favourite/").status_code == 204
    assert not shop["c1"].favourite_vendors.exists()
    assert APIClient().post(f"/api/vendors/{shop['v2'].pk}/favourite/").status_code in (401, 403)
