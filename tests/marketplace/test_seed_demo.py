"""``manage.py seed_demo`` fills the marketplace once; a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import (
    BoardCard,
    BoardColumn,
    CartItem,
    CustomerProfile,
    Order,
    OrderItem,
    Product,
    ProductReview,
    VendorProfile,
    ViewedProduct,
)

pytestmark = pytest.mark.django_db(transaction=True)

SMALL = ["--vendors", "3", "--customers", "5", "--products", "30", "--orders", "20"]


def counts() -> dict[str, int]:
    models = (
        VendorProfile,
        CustomerProfile,
        Product,
        Order,
        OrderItem,
        ProductReview,
        ViewedProduct,
        CartItem,
        BoardColumn,
        BoardCard,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_creates_realistic_data_and_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_demo", *SMALL, stdout=out)
    first = counts()
    assert first["VendorProfile"] == 3 and first["CustomerProfile"] == 5
    assert first["Product"] == 30 and first["Order"] == 20
    assert first["ProductReview"] > 0 and first["ViewedProduct"] > 0
    assert set(OrderItem.Status.values) <= set(OrderItem.objects.values_list("status", flat=True))
    # order status and total were derived from the items by the tracking receivers
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {Order.Status.DELIVERED, Order.Status.SHIPPED} <= statuses
    order = Order.objects.exclude(status=Order.Status.CANCELLED).first()
    assert order is not None
    assert order.total_amount == sum(i.quantity * i.unit_price for i in order.items.all())
    assert not Product.objects.filter(product_id__isnull=True).exists()
    # the staff's and the first vendors' deal boards have cards, positions dense per column
    assert first["BoardColumn"] == 3 * 4 and first["BoardCard"] > 0
    for column in BoardColumn.objects.all():
        assert list(column.cards.order_by("order").values_list("order", flat=True)) == list(
            range(column.cards.count())
        )
    text = out.getvalue()
    assert "seed_demo [" in text and "demo-pass-2026" in text and "customer1" in text

    call_command("seed_demo", *SMALL, stdout=StringIO())
    assert counts() == first
