"""What keeps the marketplace's derived data up to date when its rows are written.

- ``marketplace.order_rollup``: a hook on the tracking write pipeline. Every write of order
  items (single or bulk, create, update or delete) recomputes the status, total and refund of
  the affected orders, set-based (``models.recompute_orders``, which applies
  ``models.derive_order_status``), inside the item write's transaction: an item
  never commits without its order following.
- Every write of a review refreshes its product's rating.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelsync.tracking import (
    ORDER_DERIVED,
    Action,
    Need,
    When,
    Write,
    register,
)

from .models import OrderItem, ProductReview, recompute_orders
from .services.ratings import refresh_product_ratings

# Item fields that feed the order's status or totals; other changes don't need a recompute.
ORDER_INPUT_FIELDS = frozenset({"status", "quantity", "unit_price", "order", "order_id"})


def affected_order_ids(write: Write) -> set[int]:
    """The orders whose status or totals ``write`` of order items may have changed."""
    ids: set[int] = set()
    for modified in write.objects:
        changed = modified.changed_values or {}
        if write.action is Action.UPDATE and not ORDER_INPUT_FIELDS.intersection(changed):
            continue
        ids.add(modified.instance.order_id)
        # An item moved to another order changes the old order too.
        for key in ("order", "order_id"):
            old = changed.get(key)
            if old is not None:
                ids.add(getattr(old, "pk", old))
    return ids


def order_rollup(write: Write) -> None:
    """Items created, changed (also ``qs.update``/``bulk_update``) or deleted: their orders'
    status and totals follow, in the same transaction as the item write (all or nothing)."""
    recompute_orders(affected_order_ids(write), write.info)


register(
    OrderItem,
    order_rollup,
    name="marketplace.order_rollup",
    needs=Need.OLD_VALUES | Need.NEW_ROWS,
    when=When.IN_TRANSACTION,
    order=ORDER_DERIVED,
)


@receiver(post_save, sender=ProductReview, dispatch_uid="marketplace.review_saved")
@receiver(post_delete, sender=ProductReview, dispatch_uid="marketplace.review_deleted")
def review_written(sender: type, instance: ProductReview, **kwargs: Any) -> None:
    """A review changed: its product's rating is the new average."""
    refresh_product_ratings([instance.product_id])
