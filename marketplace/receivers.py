"""Receivers of the tracking signals that keep the marketplace's derived data up to date.

- Every write of order items (single or bulk, create, update or delete) recomputes the status
  and total of the affected orders, set-based (see ``services.order_totals``).
- Every write of a review refreshes its product's rating.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelsync.tracking import post_create_signal, post_delete_signal, post_update_signal

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


@receiver(post_create_signal, sender=OrderItem, dispatch_uid="marketplace.items_created")
def order_items_created(
    sender: type, objects: list[Any], tracking_info_: Any = None, **kwargs: Any
) -> None:
    """New items: their orders' status and total follow."""
    recompute_orders(_affected_order_ids(objects, only_if_changed=False), tracking_info_)


@receiver(post_update_signal, sender=OrderItem, dispatch_uid="marketplace.items_updated")
def order_items_updated(
    sender: type, objects: list[Any], tracking_info_: Any = None, **kwargs: Any
) -> None:
    """Changed items (also ``qs.update``/``bulk_update``): recompute the orders they touch."""
    recompute_orders(_affected_order_ids(objects, only_if_changed=True), tracking_info_)


@receiver(post_delete_signal, sender=OrderItem, dispatch_uid="marketplace.items_deleted")
def order_items_deleted(
    sender: type, objects: list[Any], tracking_info_: Any = None, **kwargs: Any
) -> None:
    """Removed items: the remaining items decide."""
    recompute_orders(_affected_order_ids(objects, only_if_changed=False), tracking_info_)


@receiver(post_save, sender=ProductReview, dispatch_uid="marketplace.review_saved")
@receiver(post_delete, sender=ProductReview, dispatch_uid="marketplace.review_deleted")
def review_written(sender: type, instance: ProductReview, **kwargs: Any) -> None:
    """A review changed: its product's rating is the new average."""
    refresh_product_ratings([instance.product_id])
