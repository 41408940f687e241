"""Rules of the shop: the cart's per-line cap and who may review what."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.models import CartItem, OrderItem, ProductReview
from marketplace.services.cart import MAX_LINE_QUANTITY, CartError, add_to_cart
from marketplace.services.lifecycle import change_item_status
from marketplace.services.reviews import ReviewError, add_review, can_review

from .factories import make_customer, make_order, make_product, make_vendor

pytestmark = pytest.mark.django_db

S = OrderItem.Status


def test_adding_to_the_cart_grows_one_line_up_to_the_cap() -> None:
    customer, product = make_customer(), make_product(make_vendor())
    add_to_cart(customer, product, 600)
    line = add_to_cart(customer, product, 400)
    assert line.quantity == MAX_LINE_QUANTITY
    with pytest.raises(CartError, match=r"at most 1000 of 'Lamp'; the cart has 1000 and 1 more"):
        add_to_cart(customer, product, 1)
    assert CartItem.objects.get().quantity == MAX_LINE_QUANTITY


@pytest.mark.parametrize("quantity", [0, -1, 1001, True])
def test_cart_refuses_quantities_outside_1_to_the_cap(quantity: int) -> None:
    with pytest.raises(CartError, match="Lamp"):
        add_to_cart(make_customer(), make_product(make_vendor()), quantity)
    assert not CartItem.objects.exists()


def test_cart_refuses_inactive_products() -> None:
    product = make_product(make_vendor(), is_active=False)
    with pytest.raises(CartError, match="not for sale"):
        add_to_cart(make_customer(), product, 1)


@pytest.fixture
def bought() -> dict:
    vendor = make_vendor()
    product = make_product(vendor)
    customer = make_customer()
    order = make_order(customer, vendor, (product, 1, S.ORDER_PLACED))
    return {"customer": customer, "product": product, "order": order}


def deliver(order) -> None:  # type: ignore[no-untyped-def]
    for status in (S.PACKED, S.SHIPPED, S.DELIVERED):
        change_item_status(order.items.all(), status, by=None)


def test_only_a_customer_who_received_the_product_may_review_it(bought: dict) -> None:
    customer, product = bought["customer"], bought["product"]
    assert not can_review(customer, product)
    with pytest.raises(ReviewError, match="Only customers who received 'Lamp'"):
        add_review(customer, product, Decimal("4.0"))
    deliver(bought["order"])
    assert can_review(customer, product)
    add_review(customer, product, Decimal("4.0"), "good")
    assert ProductReview.objects.get().rating == Decimal("4.0")


def test_a_customer_reviews_a_product_once(bought: dict) -> None:
    deliver(bought["order"])
    add_review(bought["customer"], bought["product"], Decimal("4.0"))
    assert not can_review(bought["customer"], bought["product"])
    with pytest.raises(ReviewError, match="already reviewed"):
        add_review(bought["customer"], bought["product"], Decimal("2.0"))


def test_a_customer_who_never_bought_cannot_review(bought: dict) -> None:
    deliver(bought["order"])
    assert not can_review(make_customer(), bought["product"])
    assert not can_review(None, bought["product"])


def test_inactive_products_take_no_reviews_and_say_so_like_missing_ones(bought: dict) -> None:
    deliver(bought["order"])
    product = bought["product"]
    product.is_active = False
    product.save()
    assert not can_review(bought["customer"], product)
    with pytest.raises(ReviewError, match=f"No product {product.pk} to review"):
        add_review(bought["customer"], product, Decimal("4.0"))
