"""Receivers of the tracking signals that keep the marketplace's derived data up to date.

- Every write of order items (single or bulk, create, update or delete) recomputes the status
  and total of the affected orders, set-based (see ``services.order_totals``), inside the
  item write's transaction: an item never commits without its order following.
- Every write of a review refreshes its product's rating.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelsync.tracking import changes_recorded

from .models import OrderItem, ProductReview
from .services.order_totals import recompute_orders
from .services.ratings import refresh_product_ratings

# Item fields that feed the order's status or total; other changes don't need a recompute.
ORDER_INPUT_FIELDS = {"status", "quantity", "unit_price", "order", "order_id"}


def _affected_order_ids(objects: list[Any], only_if_changed: bool) -> set[int]:
    ids: set[int] = set()
    for modified in objects:
        changed = getattr(modified, "changed_values", None) or {}
        if only_if_changed and not ORDER_INPUT_FIELDS.intersection(changed):
            continue
        ids.add(modified.instance.order_id)
        # An item moved to another order changes the old order too.
        for key in ("order", "order_id"):
            old = changed.get(key)
            if old is not None:
                ids.add(getattr(old, "pk", old))
    return ids


@receiver(changes_recorded, sender=OrderItem, dispatch_uid="marketplace.items_written")
def order_items_written(
    sender: type,
    action: str,
    objects: list[Any],
    tracking_info_: Any = None,
    **kwargs: Any,
) -> None:
    """Items created, changed (also ``qs.update``/``bulk_update``) or deleted: their orders'
    status and total follow, in the same transaction as the item write (all or nothing)."""
    only_if_changed = action == "update"
    recompute_orders(_affected_order_ids(objects, only_if_changed), tracking_info_)


@receiver(post_save, sender=ProductReview, dispatch_uid="marketplace.review_saved")
@receiver(post_delete, sender=ProductReview, dispatch_uid="marketplace.review_deleted")
def review_written(sender: type, instance: ProductReview, **kwargs: Any) -> None:
    """A review changed: its product's rating is the new average."""
    refresh_product_ratings([instance.product_id])
