"""Turn a customer's cart into orders: one atomic step, one order per vendor."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from marketplace.models import (
    CartItem,
    CustomerProfile,
    Order,
    OrderCodeCounter,
    OrderItem,
    Product,
)
from modelsync.errors import ModelsyncError

__all__ = ["CheckoutError", "place_order"]


class CheckoutError(ModelsyncError, ValueError):
    """The cart can't be ordered as it is; the message says which product and why."""


def place_order(customer: CustomerProfile, tracking_info: Any = None) -> list[Order]:
    """Order everything in ``customer``'s cart and empty it; returns the new orders.

    In one transaction: the cart lines and their products are locked, stock is checked and
    decremented, the unit price is snapshotted on each order item, one order per vendor gets
    the next order code, and the cart is emptied. Any problem raises :class:`CheckoutError`
    and changes nothing. Costs a constant number of statements whatever the cart size.
    """
    extra = {"tracking_info_": tracking_info} if tracking_info is not None else {}
    with transaction.atomic():
        lines = list(
            CartItem.objects.select_for_update()
            .filter(customer=customer)
            .select_related("product")
            # Products are locked in one global order (vendor, product), so two carts holding
            # the same products, added in any order, lock them in the same order: no deadlock.
            .order_by("product__vendor_id", "product_id")
        )
        if not lines:
            raise CheckoutError("The cart is empty.")
        by_vendor: dict[int, list[CartItem]] = defaultdict(list)
        for line in lines:
            product = line.product
            if not product.is_active:
                raise CheckoutError(f"Product {product.name!r} is no longer for sale.")
            if product.stock < line.quantity:
                raise CheckoutError(
                    f"Only {product.stock} of {product.name!r} left in stock, "
                    f"the cart asks for {line.quantity}."
                )
            by_vendor[product.vendor_id].append(line)

        codes = OrderCodeCounter.take(len(by_vendor))
        today = timezone.localdate()
        contact = customer.user.get_full_name() or customer.user.get_username()
        orders = [
            Order(
                order_code=code,
                customer=customer,
                vendor_id=vendor_id,
                contact=contact,
                order_date=today,
                status=Order.Status.ORDER_PLACED,
                total_amount=sum(
                    (line.product.price * line.quantity for line in vendor_lines), Decimal("0.00")
                ),
            )
            for code, (vendor_id, vendor_lines) in zip(codes, by_vendor.items(), strict=True)
        ]
        orders = Order.objects.bulk_create(orders, **extra)
        items = [
            OrderItem(
                order=order,
                product=line.product,
                quantity=line.quantity,
                unit_price=line.product.price,
            )
            for order, vendor_lines in zip(orders, by_vendor.values(), strict=True)
            for line in vendor_lines
        ]
        OrderItem.objects.bulk_create(items, **extra)
        products = []
        for line in lines:
            # The rows are locked above, so the stock read there is still current.
            line.product.stock -= line.quantity
            products.append(line.product)
        Product.objects.bulk_update(products, ["stock"])
        CartItem.objects.filter(pk__in=[line.pk for line in lines]).delete()
    return orders
