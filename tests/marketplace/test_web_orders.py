"""Order pages and the seller's status controls, with the Django test client: who sees which
order, single and bulk status changes, illegal transitions as messages, the sales chart."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.models import CustomerProfile, Order, OrderItem, VendorProfile
from marketplace.web.charts import nice_step, sales_chart

from .factories import make_customer, make_order, make_product, make_staff, make_vendor

pytestmark = pytest.mark.django_db

PLACED, PACKED, SHIPPED, DELIVERED = "order_placed", "packed", "shipped", "delivered"


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


Shop = tuple[VendorProfile, CustomerProfile, Order]


@pytest.fixture
def shop() -> Shop:
    """A vendor with a two-item order (both placed) of a customer."""
    vendor, customer = make_vendor("Lamp Co"), make_customer()
    lamp, bulb = make_product(vendor, "Lamp", "10.00"), make_product(vendor, "Bulb", "2.00")
    order = make_order(customer, vendor, (lamp, 1, PLACED), (bulb, 3, PLACED))
    return vendor, customer, order


def statuses(order: Order) -> list[str]:
    return list(order.items.order_by("id").values_list("status", flat=True))


def test_order_page_shows_each_item_status_and_the_derived_order_status(shop: Shop) -> None:
    _vendor, customer, order = shop
    first = order.items.order_by("id").first()
    OrderItem.objects.filter(pk=first.pk).update(status=PACKED)
    page = signed_in(customer.user).get(f"/orders/{order.pk}/").content.decode()
    assert f"Order {order.order_code}" in page
    assert page.count('class="status status-packed"') == 1
    assert page.count('class="status status-order_placed"') == 1
    assert 'id="order-status"' in page and "Partially Packed" in page
    assert "$16.00" in page  # 1 x 10.00 + 3 x 2.00
    assert 'name="status"' not in page  # the customer gets no status controls


def test_an_order_is_visible_to_its_customer_its_vendor_and_staff_only(shop: Shop) -> None:
    vendor, customer, order = shop
    path = f"/orders/{order.pk}/"
    for user in (customer.user, vendor.user, make_staff()):
        assert signed_in(user).get(path).status_code == 200
    for user in (make_customer().user, make_vendor().user):
        # answered exactly like a missing order
        assert signed_in(user).get(path).status_code == 404
    assert Client().get(path)["Location"].startswith("/accounts/login/")


def test_the_customer_pays_an_order_once_from_its_page(shop: Shop) -> None:
    _vendor, customer, order = shop
    client = signed_in(customer.user)
    assert 'id="pay"' in client.get(f"/orders/{order.pk}/").content.decode()
    page = client.post(f"/orders/{order.pk}/pay/", follow=True).content.decode()
    assert f"Order {order.order_code} is paid." in page and 'id="pay"' not in page
    order.refresh_from_db()
    assert order.is_paid
    assert signed_in(make_customer().user).post(f"/orders/{order.pk}/pay/").status_code == 404


def test_an_order_is_cancelled_by_its_customer_until_an_item_ships(shop: Shop) -> None:
    vendor, customer, order = shop
    lamp = order.items.order_by("id").first().product
    client = signed_in(customer.user)
    assert signed_in(make_customer().user).post(f"/orders/{order.pk}/cancel/").status_code == 404
    assert signed_in(make_staff()).post(f"/orders/{order.pk}/cancel/").status_code == 403
    page = client.post(f"/orders/{order.pk}/cancel/", follow=True).content.decode()
    assert f"Order {order.order_code} is cancelled." in page
    assert 'id="cancel-order"' not in page and 'id="pay"' not in page
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert statuses(order) == ["cancelled", "cancelled"]
    lamp.refresh_from_db()
    assert lamp.stock == 11  # the factory's 10, plus the cancelled one back

    shipped = make_order(customer, vendor, (lamp, 1, SHIPPED))
    page = client.get(f"/orders/{shipped.pk}/").content.decode()
    assert 'id="cancel-order"' not in page
    refused = client.post(f"/orders/{shipped.pk}/cancel/", follow=True).content.decode()
    assert "can&#x27;t move from &#x27;shipped&#x27; to &#x27;cancelled&#x27;" in refused
    assert statuses(shipped) == [SHIPPED]


def test_seller_changes_one_item_status_from_the_page(shop: Shop) -> None:
    vendor, _customer, order = shop
    item = order.items.order_by("id").first()
    client = signed_in(vendor.user)
    response = client.post(
        "/seller/items/status/",
        {"item": item.pk, "status": PACKED, "next": "/seller/"},
        follow=True,
    )
    assert "1 item marked Packed." in response.content.decode()
    assert statuses(order) == [PACKED, PLACED]
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_PACKED


def test_seller_changes_many_items_at_once_with_the_bulk_form(shop: Shop) -> None:
    vendor, _customer, order = shop
    ids = list(order.items.values_list("pk", flat=True))
    client = signed_in(vendor.user)
    client.post("/seller/items/status/", {"item": ids, "status": PACKED})
    response = client.post("/seller/items/status/", {"item": ids, "status": SHIPPED}, follow=True)
    assert "2 items marked Shipped." in response.content.decode()
    assert statuses(order) == [SHIPPED, SHIPPED]
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


@pytest.mark.parametrize("count", [2, 8])
def test_a_bulk_status_change_costs_the_same_statements_for_2_or_8_items(count: int) -> None:
    vendor, customer = make_vendor(), make_customer()
    lines = [(make_product(vendor, f"P{n}"), 1, PLACED) for n in range(count)]
    order = make_order(customer, vendor, *lines)
    ids = list(order.items.values_list("pk", flat=True))
    client = signed_in(vendor.user)
    client.get("/seller/")  # the session and the user are loaded once, as on a real visit
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/seller/items/status/", {"item": ids, "status": PACKED})
    assert response.status_code == 302 and statuses(order) == [PACKED] * count
    # 3 to know who asks (session, user, vendor), 1 to find the vendor's own items; the rest is
    # the life cycle's set-based write with its order roll-up, pipeline sync and audit rows.
    # PostgreSQL reads the old values inside each UPDATE; SQLite reads them first (3 more).
    assert len(ctx) == (16 if connection.vendor == "postgresql" else 19)


def test_an_illegal_transition_is_a_message_and_moves_no_item(shop: Shop) -> None:
    vendor, _customer, order = shop
    first, second = order.items.order_by("id")
    OrderItem.objects.filter(pk=first.pk).update(status=DELIVERED)
    response = signed_in(vendor.user).post(
        "/seller/items/status/", {"item": [first.pk, second.pk], "status": SHIPPED}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Order item {first.pk} can&#x27;t move from &#x27;delivered&#x27; to" in page
    assert 'role="alert"' in page
    assert statuses(order) == [DELIVERED, PLACED]  # all or nothing


def test_status_changes_of_items_not_ones_own_or_bad_ids_are_refused(shop: Shop) -> None:
    vendor, customer, order = shop
    item = order.items.first()
    other = signed_in(make_vendor().user)
    assert (
        other.post("/seller/items/status/", {"item": item.pk, "status": PACKED}).status_code == 404
    )
    client = signed_in(vendor.user)
    for bad in ("\N{ARABIC-INDIC DIGIT ONE}", "99999999999999999999", "1.5", "-3"):
        response = client.post("/seller/items/status/", {"item": bad, "status": PACKED})
        assert response.status_code == 400, bad
        assert "item must be a positive integer id" in response.content.decode()
    unknown = client.post("/seller/items/status/", {"item": item.pk, "status": "lost"}, follow=True)
    assert "Unknown order item status" in unknown.content.decode()
    nothing = client.post("/seller/items/status/", {"status": PACKED}, follow=True)
    assert "Select at least one item" in nothing.content.decode()
    shopper = signed_in(customer.user)
    assert (
        shopper.post("/seller/items/status/", {"item": item.pk, "status": PACKED}).status_code
        == 403
    )
    assert statuses(order) == [PLACED, PLACED]


def test_the_next_page_after_a_change_stays_on_this_site(shop: Shop) -> None:
    vendor, _customer, order = shop
    item = order.items.first()
    client = signed_in(vendor.user)
    back = client.post(
        "/seller/items/status/", {"item": item.pk, "status": PACKED, "next": f"/orders/{order.pk}/"}
    )
    assert back["Location"] == f"/orders/{order.pk}/"
    away = client.post(
        "/seller/items/status/", {"item": item.pk, "status": SHIPPED, "next": "https://evil.test/"}
    )
    assert away["Location"] == "/seller/"


def test_the_single_item_form_offers_only_the_statuses_the_item_may_move_to(shop: Shop) -> None:
    vendor, _customer, order = shop
    first, second = order.items.order_by("id")
    OrderItem.objects.filter(pk=second.pk).update(status=SHIPPED)
    page = signed_in(vendor.user).get(f"/orders/{order.pk}/").content.decode()
    row = page.split(f'data-item="{first.pk}"')[1].split("</tr>")[0]
    assert '<option value="packed">' in row and '<option value="cancelled">' in row
    assert '<option value="delivered">' not in row
    shipped_row = page.split(f'data-item="{second.pk}"')[1].split("</tr>")[0]
    assert '<option value="delivered">' in shipped_row and "cancelled" not in shipped_row


def test_seller_dashboard_marks_inactive_products(shop: Shop) -> None:
    vendor, _customer, _order = shop
    make_product(vendor, "Old Lamp", is_active=False)
    page = signed_in(vendor.user).get("/seller/").content.decode()
    products = page.split('id="seller-products"')[1].split("</section>")[0]
    assert products.count("Inactive") == 1
    old = products.split("Old Lamp")[1].split("</li>")[0]
    assert "Inactive" in old


def test_seller_dashboard_chart_has_axes_dates_and_values(shop: Shop) -> None:
    vendor, _customer, _order = shop
    page = signed_in(vendor.user).get("/seller/").content.decode()
    chart = page.split('id="sales-chart"')[1].split("</svg>")[0]
    assert chart.count('class="axis"') == 2
    assert chart.count('class="date-label"') == 14
    today = date.today()
    assert today.strftime("%b ") + str(today.day) in chart
    assert chart.count('class="value-label"') == 1 and ">16<" in chart  # today's $16.00
    assert "$0<" in chart and "$20<" in chart  # value axis 0, 5, 10, 15, 20


def test_chart_value_axis_uses_round_steps_above_the_peak() -> None:
    assert nice_step(Decimal("2275")) == 1000
    assert nice_step(Decimal("16")) == 5
    assert nice_step(Decimal("9")) == Decimal("2.5")
    assert nice_step(Decimal("0")) == Decimal("2.5")
    start = date(2026, 1, 1)
    chart = sales_chart(
        [(start + timedelta(days=n), Decimal(v)) for n, v in enumerate(["0", "50", "100"])]
    )
    assert [tick.value for tick in chart.ticks] == [0, 25, 50, 75, 100]
    tallest, half, empty = chart.bars[2], chart.bars[1], chart.bars[0]
    assert tallest.y == chart.top and empty.height == 0
    assert half.height == pytest.approx(tallest.height / 2, abs=0.1)
    assert chart.total == Decimal("150.00")
