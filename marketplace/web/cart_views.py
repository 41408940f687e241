"""The cart: add, change, remove, and check out (one order per vendor)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from marketplace.models import CartItem, CustomerProfile, Product
from marketplace.services.checkout import CheckoutError, place_order

from .forms import AddToCartForm
from .roles import customer_required


@customer_required
def cart(request: HttpRequest, customer: CustomerProfile) -> HttpResponse:
    """The cart with its total."""
    lines = list(
        CartItem.objects.filter(customer=customer)
        .select_related("product__vendor")
        .order_by("added_at", "id")
    )
    total = sum((line.product.price * line.quantity for line in lines), start=0)
    return render(request, "marketplace/cart.html", {"lines": lines, "total": total})


@require_POST
@customer_required
def add_to_cart(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Add ``quantity`` of a product (added to what is already in the cart)."""
    product = get_object_or_404(Product, pk=pk, is_active=True)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Quantity: {'; '.join(str(e) for e in form.errors['quantity'])}")
        return redirect("product-detail", pk=pk)
    quantity = form.cleaned_data["quantity"]
    with transaction.atomic():
        line, created = CartItem.objects.select_for_update().get_or_create(
            customer=customer, product=product, defaults={"quantity": quantity}
        )
        if not created:
            CartItem.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
    messages.success(request, f"Added {quantity} x {product.name} to your cart.")
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
    """Place the orders and show them on the dashboard; on a problem, back to the cart."""
    try:
        orders = place_order(customer)
    except CheckoutError as error:
        messages.error(request, str(error))
        return redirect("cart")
    codes = ", ".join(order.order_code for order in orders)
    messages.success(request, f"Thank you! Placed order {codes}.")
    return redirect("customer-dashboard")
