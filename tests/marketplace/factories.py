"""Small builders of marketplace rows for the tests (real rows, real database)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from marketplace.models import (
    CartItem,
    Category,
    CustomerProfile,
    Order,
    OrderItem,
    Product,
    VendorProfile,
)

_seq = itertools.count(1)
PASSWORD = "s3cret-pass-123"


def make_vendor(shop_name: str | None = None, **kwargs: Any) -> VendorProfile:
    n = next(_seq)
    user = get_user_model().objects.create_user(f"vendor{n}", f"vendor{n}@example.com", PASSWORD)
    return VendorProfile.objects.create(user=user, shop_name=shop_name or f"Shop {n}", **kwargs)


def make_customer(**kwargs: Any) -> CustomerProfile:
    n = next(_seq)
    user = get_user_model().objects.create_user(
        f"customer{n}",
        f"customer{n}@example.com",
        PASSWORD,
        first_name="Cus",
        last_name=f"Tomer{n}",
    )
    return CustomerProfile.objects.create(user=user, **kwargs)


def make_staff() -> Any:
    n = next(_seq)
    return get_user_model().objects.create_user(
        f"staff{n}", f"staff{n}@example.com", PASSWORD, is_staff=True
    )


def make_product(
    vendor: VendorProfile, name: str = "Lamp", price: str = "10.00", stock: int = 10, **kwargs: Any
) -> Product:
    return Product.objects.create(
        vendor=vendor, name=name, price=Decimal(price), stock=stock, **kwargs
    )


def make_category(name: str = "Electronics") -> Category:
    return Category.objects.get_or_create(name=name)[0]


def add_to_cart(customer: CustomerProfile, product: Product, quantity: int = 1) -> CartItem:
    return CartItem.objects.create(customer=customer, product=product, quantity=quantity)


def make_order(
    customer: CustomerProfile, vendor: VendorProfile, *lines: tuple[Product, int, str]
) -> Order:
    """An order with items ``(product, quantity, status)``."""
    order = Order.objects.create(customer=customer, vendor=vendor)
    for product, quantity, status in lines:
        OrderItem.objects.create(
            order=order, product=product, quantity=quantity, unit_price=product.price, status=status
        )
    return order
