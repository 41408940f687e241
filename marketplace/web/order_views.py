"""An order's page, for the customer who placed it, the vendor who fulfils it, and staff."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from marketplace.api.roles import customer_of, is_staff, vendor_of
from marketplace.ids import InvalidId, parse_id
from marketplace.models import CustomerProfile, Order, OrderItem, VendorProfile
from marketplace.services.lifecycle import (
    ITEM_TRANSITIONS,
    IllegalTransition,
    cancel_order,
    change_item_status,
    pay_order,
)

from .errors import bad_request_page
from .roles import customer_required, vendor_required

ItemStatus = OrderItem.Status

__all__ = [
    "ItemRow",
    "cancel",
    "change_status",
    "item_rows",
    "order_detail",
    "pay",
    "visible_orders",
]


@dataclass(frozen=True)
class ItemRow:
    """An order item and the ``(value, label)`` statuses it may move to: the single-item form
    offers only these, so a vendor sees what each item can become."""

    item: OrderItem
    next_statuses: list[tuple[str, str]]


def item_rows(items: Iterable[OrderItem]) -> list[ItemRow]:
    """One :class:`ItemRow` per item, in the given order."""
    return [
        ItemRow(
            item,
            [
                (value, label)
                for value, label in OrderItem.Status.choices
                if value in ITEM_TRANSITIONS[item.status]
            ],
        )
        for item in items
    ]


def visible_orders(user: object) -> QuerySet[Order]:
    """The orders ``user`` may open: staff all, a customer theirs, a vendor those of their shop.

    Anyone else's order is simply absent, so a guessed id answers exactly like a missing one.
    """
    orders = Order.objects.all()
    if is_staff(user):
        return orders
    mine = Q(pk__in=[])
    customer, vendor = customer_of(user), vendor_of(user)
    if customer is not None:
        mine |= Q(customer=customer)
    if vendor is not None:
        mine |= Q(vendor=vendor)
    return orders.filter(mine)


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The order with each item's status and the order's status derived from them."""
    lines = OrderItem.objects.select_related("product").order_by("id")
    order = (
        visible_orders(request.user)
        .select_related("vendor", "customer__user")
        .prefetch_related(Prefetch("items", queryset=lines))
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404("No such order.")
    rows = item_rows(order.items.all())
    is_customer, is_vendor = _parties(request.user, order)
    open_order = order.status != Order.Status.CANCELLED
    return render(
        request,
        "marketplace/order_detail.html",
        {
            "order": order,
            "rows": rows,
            "can_change_status": is_vendor,
            # Offered while nothing has shipped (the life cycle refuses it afterwards).
            "can_cancel": (is_vendor or is_customer)
            and open_order
            and all(ItemStatus.CANCELLED in ITEM_TRANSITIONS[row.item.status] for row in rows),
            "can_pay": is_customer and open_order and not order.is_paid,
        },
    )


def _parties(user: object, order: Order) -> tuple[bool, bool]:
    """Whether ``user`` is the order's customer, and whether they are its vendor."""
    customer, vendor = customer_of(user), vendor_of(user)
    return (
        customer is not None and order.customer_id == customer.pk,
        vendor is not None and order.vendor_id == vendor.pk,
    )


def _own_order(request: HttpRequest, pk: int) -> Order:
    order = visible_orders(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404("No such order.")
    return order


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an order that hasn't shipped (its customer or its vendor); stock goes back."""
    order = _own_order(request, pk)
    if not any(_parties(request.user, order)):
        raise PermissionDenied("Only the order's customer or its shop can cancel it.")
    try:
        cancel_order(order, by=request.user)
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.order_code} is cancelled.")
    return redirect("order-detail", pk=order.pk)


@require_POST
@customer_required
def pay(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Pay one's own order (paying twice changes nothing)."""
    order = _own_order(request, pk)
    if order.customer_id != customer.pk:
        raise Http404("No such order.")
    try:
        pay_order(order, by=request.user)
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.order_code} is paid. Thank you!")
    return redirect("order-detail", pk=order.pk)


def _back(request: HttpRequest) -> str:
    """Where to return after a form: the POSTed ``next`` if it is a path of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("seller-dashboard")


@require_POST
@vendor_required
def change_status(request: HttpRequest, vendor: VendorProfile) -> HttpResponse:
    """Move the POSTed ``item`` ids (one, or many from the bulk form) to ``status``.

    All or nothing: if one item may not move (e.g. delivered → shipped), none moves and the
    page shows why. An id that isn't one of this vendor's items answers 404, like a missing one.
    """
    try:
        ids = {parse_id(value, "item") for value in request.POST.getlist("item")}
    except InvalidId as error:
        return bad_request_page(request, str(error))
    back = _back(request)
    if not ids:
        messages.error(request, "Select at least one item to change its status.")
        return redirect(back)
    items = list(OrderItem.objects.filter(pk__in=ids, order__vendor=vendor).only("pk"))
    if len(items) != len(ids):
        raise Http404("No such order item.")
    status = request.POST.get("status", "")
    try:
        changed = change_item_status(items, status, by=request.user)
    except IllegalTransition as error:
        messages.error(request, str(error))
        return redirect(back)
    label = OrderItem.Status(status).label
    noun = "item" if changed == 1 else "items"
    messages.success(request, f"{changed} {noun} marked {label}.")
    return redirect(back)
