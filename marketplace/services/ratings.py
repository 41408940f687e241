"""Keep each product's ``rating`` equal to the average of its reviews."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Avg, DecimalField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from marketplace.models import Product, ProductReview

__all__ = ["refresh_product_ratings"]


def refresh_product_ratings(product_ids: Iterable[int]) -> int:
    """Set ``rating`` of the given products to their review average (0.0 without reviews).

    One UPDATE with a correlated subquery, whatever the number of products.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    average = (
        ProductReview.objects.filter(product_id=OuterRef("pk"))
        .order_by()
        .values("product_id")
        .annotate(avg=Avg("rating"))
        .values("avg")
    )
    field: DecimalField = DecimalField(max_digits=2, decimal_places=1)
    return Product.objects.filter(pk__in=ids).update(
        rating=Coalesce(
            Subquery(average, output_field=field), Value(Decimal("0.0")), output_field=field
        )
    )
