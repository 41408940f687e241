"""The cart: the one place that adds products to a customer's cart, for the API and the pages.

A cart line holds at most :data:`MAX_LINE_QUANTITY` of a product, however many times it is
added to, so a customer can't order more than one checkout can reasonably ship.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from marketplace.models import CartItem, CustomerProfile, Product
from modelsync.errors import ModelsyncError

__all__ = ["MAX_LINE_QUANTITY", "CartError", "add_to_cart", "set_quantity"]

#: The most of one product a cart line may hold.
MAX_LINE_QUANTITY = 1000


class CartError(ModelsyncError, ValueError):
    """A cart change that is refused; the message names the product and the quantities."""


def _check_quantity(product: Product, quantity: int, already: int = 0) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise CartError(
            f"Quantity of {product.name!r} must be a whole number of at least 1, not {quantity!r}."
        )
    if already + quantity > MAX_LINE_QUANTITY:
        raise CartError(
            f"A cart line holds at most {MAX_LINE_QUANTITY} of {product.name!r}; the cart has "
            f"{already} and {quantity} more were asked for."
        )


def add_to_cart(customer: CustomerProfile, product: Product, quantity: int = 1) -> CartItem:
    """Add ``quantity`` of ``product`` to ``customer``'s cart (added to a line already there).

    Refuses (:class:`CartError`) inactive products and a line that would exceed
    :data:`MAX_LINE_QUANTITY`. The line is locked while it grows, so two concurrent adds
    both count. Returns the line as stored.
    """
    if not product.is_active:
        raise CartError(f"Product {product.name!r} is not for sale.")
    _check_quantity(product, quantity)
    with transaction.atomic():
        line = (
            CartItem.objects.select_for_update().filter(customer=customer, product=product).first()
        )
        if line is None:
            try:
                with transaction.atomic():
                    return CartItem.objects.create(
                        customer=customer, product=product, quantity=quantity
                    )
            except IntegrityError:
                # A concurrent add created the line first: add to it instead.
                line = CartItem.objects.select_for_update().get(customer=customer, product=product)
        _check_quantity(product, quantity, already=line.quantity)
        line.quantity += quantity
        line.save(update_fields=["quantity"])
    return line


def set_quantity(line: CartItem, quantity: int) -> CartItem:
    """Set the quantity of a cart line (1 .. :data:`MAX_LINE_QUANTITY`); returns the line."""
    _check_quantity(line.product, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line
