"""``manage.py seed_demo`` fills the marketplace once; a second run adds nothing; its progress
bar moves one step at a time and ends once."""

from __future__ import annotations

import re
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
from modelsync.progress import ProgressBar

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
    assert {Order.Status.DELIVERED, Order.Status.SHIPPED, Order.Status.CANCELLED} <= statuses
    assert statuses & {Order.Status.PARTIALLY_SHIPPED, Order.Status.PARTIALLY_DELIVERED}
    # cancelled orders went through the life cycle: every item cancelled, none had shipped
    cancelled_items = OrderItem.objects.filter(order__status=Order.Status.CANCELLED)
    assert set(cancelled_items.values_list("status", flat=True)) == {OrderItem.Status.CANCELLED}
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


def drawn_steps(text: str, label: str) -> list[str]:
    """The ``done/total`` of every state the progress bar drew, in order."""
    return re.findall(rf"\r{label} \[[# ]+\] (\d+/\d+)", text)


def test_seed_demo_progress_shows_every_step_once_and_the_last_one_once() -> None:
    out = StringIO()
    call_command("seed_demo", *SMALL, stdout=out)
    assert drawn_steps(out.getvalue(), "seed_demo") == [f"{n}/8" for n in range(1, 9)]
    assert out.getvalue().count("8/8") == 1


def test_progress_bar_finish_after_the_last_step_draws_nothing_more() -> None:
    stream = StringIO()
    bar = ProgressBar(total=2, label="job", stream=stream)
    bar.advance()
    bar.advance()
    bar.finish()
    assert drawn_steps(stream.getvalue(), "job") == ["1/2", "2/2"]
    assert stream.getvalue().endswith("2/2\n")


def test_progress_bar_finish_draws_a_state_not_yet_shown() -> None:
    stream = StringIO()
    bar = ProgressBar(total=0, label="scan", stream=stream)
    bar.finish()
    assert drawn_steps(stream.getvalue(), "scan") == ["0/0"]


def test_progress_bar_of_many_small_steps_redraws_when_the_bar_grows_not_per_step() -> None:
    stream = StringIO()
    bar = ProgressBar(total=10_000, label="big", stream=stream, width=10)
    for _ in range(10_000):
        bar.advance()
    bar.finish()
    steps = drawn_steps(stream.getvalue(), "big")
    # ten growths of the bar (the last one the end), plus a few counter-only redraws
    assert steps[-1] == "10000/10000" and steps.count("10000/10000") == 1
    assert 10 <= len(steps) < 200
