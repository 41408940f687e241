"""The cart: add, change, remove, and check out (one order per vendor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from marketplace.models import CartItem, CustomerProfile, Product, VendorProfile
from marketplace.services.cart import MAX_LINE_QUANTITY, CartError, set_quantity
from marketplace.services.cart import add_to_cart as add_line
from marketplace.services.checkout import CheckoutError, place_order

from .forms import AddToCartForm
from .roles import customer_required


@dataclass(frozen=True)
class CartLine:
    """A cart item with what it costs at today's price."""

    item: CartItem

    @property
    def total(self) -> Decimal:
        """Price times quantity."""
        return self.item.product.price * self.item.quantity


@dataclass
class ShopGroup:
    """The cart lines of one shop: checking out turns them into one order."""

    vendor: VendorProfile
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        """What this shop's order will cost."""
        return sum((line.total for line in self.lines), Decimal("0.00"))


def _by_shop(items: list[CartItem]) -> list[ShopGroup]:
    groups: dict[int, ShopGroup] = {}
    for item in items:
        vendor = item.product.vendor
        groups.setdefault(vendor.pk, ShopGroup(vendor)).lines.append(CartLine(item))
    return sorted(groups.values(), key=lambda group: (group.vendor.shop_name, group.vendor.pk))


def _quantity_error(form: AddToCartForm) -> str:
    return f"Quantity: {'; '.join(str(e) for e in form.errors['quantity'])}"


@customer_required
def cart(request: HttpRequest, customer: CustomerProfile) -> HttpResponse:
    """The cart grouped by shop, with line totals, each shop's subtotal and the grand total."""
    shops = _by_shop(
        list(
            CartItem.objects.filter(customer=customer)
            .select_related("product__vendor")
            .order_by("added_at", "id")
        )
    )
    return render(
        request,
        "marketplace/cart.html",
        {
            "shops": shops,
            "max_quantity": MAX_LINE_QUANTITY,
            "total": sum((shop.subtotal for shop in shops), Decimal("0.00")),
        },
    )


@require_POST
@customer_required
def add_to_cart(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Add ``quantity`` of a product to what is already in the cart, up to the per-line cap."""
    product = get_object_or_404(Product, pk=pk, is_active=True)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _quantity_error(form))
        return redirect("product-detail", pk=pk)
    quantity = form.cleaned_data["quantity"]
    try:
        add_line(customer, product, quantity)
    except CartError as error:
        messages.error(request, str(error))
        return redirect("product-detail", pk=pk)
    messages.success(request, f"Added {quantity} x {product.name} to your cart.")
    return redirect("cart")


@require_POST
@customer_required
def change_quantity(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Set the quantity of a line of the user's own cart (someone else's line: 404)."""
    line = get_object_or_404(CartItem.objects.select_related("product"), pk=pk, customer=customer)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{line.product.name}: {_quantity_error(form)}")
        return redirect("cart")
    try:
        set_quantity(line, form.cleaned_data["quantity"])
    except CartError as error:
        messages.error(request, str(error))
    return redirect("cart")


@require_POST
@customer_required
def remove_from_cart(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Remove a line of the user's own cart (someone else's line: 404)."""
    get_object_or_404(CartItem, pk=pk, customer=customer).delete()
    return redirect("cart")


@require_POST
@customer_required
def checkout(request: HttpRequest, customer: CustomerProfile) -> HttpResponse:
    """Place one order per shop and show them on the dashboard; on a problem, back to the cart."""
    try:
        orders = place_order(customer)
    except CheckoutError as error:
        messages.error(request, str(error))
        return redirect("cart")
    codes = ", ".join(order.order_code for order in orders)
    noun = "order" if len(orders) == 1 else f"{len(orders)} orders"
    messages.success(request, f"Thank you! Placed {noun}: {codes}.")
    return redirect("customer-dashboard")
