"""From change-stream events to notifications: what a customer is told, and when."""

from __future__ import annotations

from typing import NamedTuple

from kombu import Queue

from marketplace.models import Order, OrderItem
from modelsync.events import Event, event_queue

from .models import Notification

__all__ = ["QUEUE", "notify", "queue"]

#: The consumer's queue: every event of the marketplace's orders and their items.
QUEUE = "marketplace.notifications"


class Notice(NamedTuple):
    """What to tell whom: a customer, about an order."""

    customer_id: int | None
    order_code: str
    text: str


def queue() -> Queue:
    """The durable queue of the notifications consumer, bound to the order events."""
    return event_queue(QUEUE, "marketplace.#")


def _order_notice(event: Event) -> Notice | None:
    new = event.payload["new"]
    row = Order.objects.filter(pk=event.aggregateid).values("customer_id", "order_code").first()
    if row is None:
        return None
    code = row["order_code"]
    if event.type == "created":
        text = f"Order {code} placed."
    elif event.type == "updated" and "status" in new:
        text = f"Order {code} is now {Order.Status(new['status']).label.lower()}."
    elif event.type == "updated" and new.get("is_paid"):
        text = f"Order {code} is paid."
    else:
        return None
    return Notice(row["customer_id"], code, text)


def _item_notice(event: Event) -> Notice | None:
    status = event.payload["new"].get("status")
    if event.type != "updated" or status is None:
        return None
    row = (
        OrderItem.objects.filter(pk=event.aggregateid)
        .values("order__customer_id", "order__order_code", "product__name")
        .first()
    )
    if row is None:
        return None
    code = row["order__order_code"]
    label = OrderItem.Status(status).label.lower()
    return Notice(
        row["order__customer_id"], code, f"{row['product__name']} of order {code} is now {label}."
    )


def notify(event: Event) -> None:
    """Store the notification ``event`` means for the order's customer, if any.

    A customer hears about their orders being placed, paid and moving on, and about each item
    changing status; other changes (totals, deletions) notify nobody.
    """
    if event.aggregatetype == "marketplace.order":
        notice = _order_notice(event)
    elif event.aggregatetype == "marketplace.orderitem":
        notice = _item_notice(event)
    else:
        return
    if notice is None or notice.customer_id is None:
        return
    Notification.objects.create(
        customer_id=notice.customer_id,
        order_code=notice.order_code,
        text=notice.text,
        event_id=event.id,
    )
