"""Reviews: only a customer who received a product reviews it, once.

"Received" means one of the customer's order items of the product was delivered (or delivered
and then returned: the customer held it). Products that are not for sale (inactive) take no
reviews, and answer like products that don't exist, so a review form can't be used to probe
for hidden products.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from marketplace.models import CustomerProfile, OrderItem, Product, ProductReview
from modelsync.errors import ModelsyncError

__all__ = ["ReviewError", "add_review", "can_review", "has_received"]

RECEIVED = (OrderItem.Status.DELIVERED, OrderItem.Status.RETURNED)


class ReviewError(ModelsyncError, ValueError):
    """A review that is refused; the message says why."""


def has_received(customer: CustomerProfile, product: Product) -> bool:
    """Whether an order item of ``product`` was delivered to ``customer`` (one query)."""
    return OrderItem.objects.filter(
        order__customer=customer, product=product, status__in=RECEIVED
    ).exists()


def can_review(customer: CustomerProfile | None, product: Product) -> bool:
    """Whether ``customer`` may review ``product`` now: it is for sale, they received it and
    haven't reviewed it yet (two queries at most)."""
    if customer is None or not product.is_active:
        return False
    if ProductReview.objects.filter(customer=customer, product=product).exists():
        return False
    return has_received(customer, product)


def add_review(
    customer: CustomerProfile, product: Product, rating: Decimal, review: str = ""
) -> ProductReview:
    """Store ``customer``'s review of ``product``; :class:`ReviewError` when not allowed.

    The rating must be 0.0 to 5.0 (the database checks it too).
    """
    if not product.is_active:
        raise ReviewError(f"No product {product.pk} to review.")
    if not has_received(customer, product):
        raise ReviewError(f"Only customers who received {product.name!r} can review it.")
    if not Decimal("0.0") <= Decimal(rating) <= Decimal("5.0"):
        raise ReviewError(f"Rating must be between 0.0 and 5.0, not {rating}.")
    try:
        with transaction.atomic():
            return ProductReview.objects.create(
                customer=customer, product=product, rating=rating, review=review
            )
    except IntegrityError as error:
        raise ReviewError(f"You have already reviewed {product.name!r}.") from error
