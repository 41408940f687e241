"""``python manage.py seed_demo``: a living marketplace for newcomers, created idempotently.

Creates vendors, customers, a staff user, categories, tags, hundreds of products, orders whose
items are in every status, reviews, views and searches, then prints the sign-in credentials.
Running it again adds nothing: every step only creates what is missing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.db import transaction
from django.utils import timezone

from marketplace.models import (
    STARTER_COLUMNS,
    BoardCard,
    BoardColumn,
    CartItem,
    Category,
    CustomerProfile,
    Order,
    OrderCodeCounter,
    OrderItem,
    Product,
    ProductReview,
    SearchedProduct,
    Tag,
    VendorProfile,
    ViewedProduct,
)
from marketplace.services.lifecycle import cancel_order
from marketplace.services.ratings import refresh_product_ratings
from modelsync.progress import ProgressBar

from ._demo_words import (
    ADJECTIVES,
    CATEGORIES,
    FIRST,
    LAST,
    NOUNS,
    REVIEW_TEXTS,
    SHOPS,
    TAGS,
)

#: An item's statuses in the order it goes through them (cancelling is done separately).
LIFE_CYCLE = (
    OrderItem.Status.ORDER_PLACED,
    OrderItem.Status.PACKED,
    OrderItem.Status.SHIPPED,
    OrderItem.Status.DELIVERED,
    OrderItem.Status.RETURNED,
)
DEMO_PASSWORD = "demo-pass-2026"  # printed dev credentials, never for production
STAFF_USERNAME = "admin"


class _Raw:
    """A stream for the progress bar that doesn't append a newline to each write."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.write(text, ending="")
        return len(text)

    def flush(self) -> None:
        self.out.flush()


class Command(BaseCommand):
    """Seed the marketplace with realistic demo data (idempotent)."""

    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--vendors", type=int, default=8)
        parser.add_argument("--customers", type=int, default=25)
        parser.add_argument(
            "--products", type=int, default=320, help="in total, spread over vendors"
        )
        parser.add_argument("--orders", type=int, default=150)
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed (same data each run)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])
        n_vendors, n_customers = max(options["vendors"], 1), max(options["customers"], 1)
        n_products, n_orders = max(options["products"], n_vendors), max(options["orders"], 0)
        bar = ProgressBar(total=8, label="seed_demo", stream=_Raw(self.stdout))  # type: ignore[arg-type]

        with transaction.atomic():
            staff = self._staff()
            vendors = self._vendors(n_vendors)
            bar.advance()
            customers = self._customers(n_customers)
            bar.advance()
            categories = [Category.objects.get_or_create(name=name)[0] for name in CATEGORIES]
            tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
            products = self._products(rng, vendors, categories, tags, n_products)
            bar.advance()
        # Orders commit on their own: their items' tracking signals derive status and total.
        with transaction.atomic():
            orders = self._orders(rng, customers, products, n_orders)
        bar.advance()
        with transaction.atomic():
            self._backdate_and_cancel(rng, orders)
        bar.advance()
        with transaction.atomic():
            self._reviews(rng, customers, products)
        bar.advance()
        with transaction.atomic():
            self._activity(rng, customers, vendors, products)
        bar.advance()
        with transaction.atomic():
            self._boards(rng, [staff, *(vendor.user for vendor in vendors[:3])])
        bar.advance()
        bar.finish()
        self._print_credentials(staff, vendors, customers)

    # --- steps -------------------------------------------------------------------------------

    def _staff(self) -> Any:
        User = get_user_model()
        staff, created = User.objects.get_or_create(
            username=STAFF_USERNAME,
            defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
        )
        if created:
            staff.set_password(DEMO_PASSWORD)
            staff.save(update_fields=["password"])
        return staff

    def _users(self, prefix: str, count: int) -> dict[str, Any]:
        """Users ``<prefix>1..count``, missing ones created in one INSERT (password hashed once)."""
        User = get_user_model()
        names = [f"{prefix}{n}" for n in range(1, count + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        password = make_password(DEMO_PASSWORD)
        User.objects.bulk_create(
            [
                User(
                    username=name,
                    email=f"{name}@example.com",
                    first_name=FIRST[n % len(FIRST)],
                    last_name=LAST[n % len(LAST)],
                    password=password,
                )
                for n, name in enumerate(names)
                if name not in existing
            ]
        )
        return {user.username: user for user in User.objects.filter(username__in=names)}

    def _vendors(self, count: int) -> list[VendorProfile]:
        users = self._users("vendor", count)
        have = set(
            VendorProfile.objects.filter(user__in=users.values()).values_list(
                "user__username", flat=True
            )
        )
        for n, (name, user) in enumerate(sorted(users.items(), key=lambda kv: int(kv[0][6:]))):
            if name not in have:
                suffix = "" if n < len(SHOPS) else f" {n // len(SHOPS) + 1}"
                VendorProfile.objects.create(
                    user=user,
                    shop_name=f"{SHOPS[n % len(SHOPS)]}{suffix}",
                    phone=f"0{n:02d}0 555 01{n:02d}",
                    description="Independent shop on the demo marketplace.",
                )
        return list(
            VendorProfile.objects.filter(user__in=users.values())
            .select_related("user")
            .order_by("id")
        )

    def _customers(self, count: int) -> list[CustomerProfile]:
        users = self._users("customer", count)
        have = set(
            CustomerProfile.objects.filter(user__in=users.values()).values_list(
                "user_id", flat=True
            )
        )
        for user in users.values():
            if user.pk not in have:
                CustomerProfile.objects.create(user=user, phone=f"+44 07700 9{user.pk:05d}")
        return list(
            CustomerProfile.objects.filter(user__in=users.values())
            .select_related("user")
            .order_by("id")
        )

    def _products(
        self,
        rng: random.Random,
        vendors: list[VendorProfile],
        categories: list[Category],
        tags: list[Tag],
        count: int,
    ) -> list[Product]:
        per_vendor = max(count // len(vendors), 1)
        new: list[Product] = []
        for vendor in vendors:
            if vendor.products.exists():
                continue
            for _ in range(per_vendor):
                name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
                new.append(
                    Product(
                        vendor=vendor,
                        name=name,
                        category=rng.choice(categories),
                        description=f"A {name.lower()} from {vendor.shop_name}.",
                        price=Decimal(rng.randrange(300, 25000)) / 100,
                        stock=rng.randrange(0, 200),
                    )
                )
        created = Product.objects.bulk_create(new, batch_size=500)
        if created:
            through = Product.tags.through
            links = []
            for product in created:
                for tag in rng.sample(tags, rng.randrange(1, 3)):
                    links.append(through(product_id=product.pk, tag_id=tag.pk))
            through.objects.bulk_create(links, batch_size=1000)
            Product.assign_product_ids(created)
        return list(Product.objects.filter(vendor__in=vendors).order_by("id"))

    def _orders(
        self,
        rng: random.Random,
        customers: list[CustomerProfile],
        products: list[Product],
        count: int,
    ) -> list[Order]:
        if Order.objects.filter(customer__in=customers).exists() or not products:
            return []
        by_vendor: dict[int, list[Product]] = {}
        for product in products:
            by_vendor.setdefault(product.vendor_id, []).append(product)
        vendor_ids = sorted(by_vendor)
        codes = OrderCodeCounter.take(count) if count else []
        orders = Order.objects.bulk_create(
            [
                Order(
                    order_code=code,
                    customer=(customer := rng.choice(customers)),
                    vendor_id=rng.choice(vendor_ids),
                    contact=customer.user.get_full_name(),
                    order_date=timezone.localdate(),
                    is_paid=rng.random() < 0.7,
                )
                for code in codes
            ]
        )
        items = []
        for index, order in enumerate(orders):
            # Each order has reached a stage of the life cycle. The first orders have every
            # item at their stage, one order per stage in turn (so every derived status shows
            # up); in the others an item may lag one stage behind (a partially shipped order).
            reached = index % len(LIFE_CYCLE) if index < 2 * len(LIFE_CYCLE) else None
            stage = reached if reached is not None else rng.randrange(len(LIFE_CYCLE))
            for product in rng.sample(
                by_vendor[order.vendor_id],
                min(rng.randrange(1, 5), len(by_vendor[order.vendor_id])),
            ):
                lag = 0 if reached is not None else rng.randrange(min(stage, 1) + 1)
                items.append(
                    OrderItem(
                        order=order,
                        product=product,
                        quantity=rng.randrange(1, 4),
                        unit_price=product.price,
                        status=LIFE_CYCLE[stage - lag],
                    )
                )
        OrderItem.objects.bulk_create(items, batch_size=1000)
        return orders

    def _backdate_and_cancel(self, rng: random.Random, orders: list[Order]) -> None:
        """Spread the new orders over the last 30 days (for the sales chart) and cancel a few
        that haven't shipped."""
        if not orders:
            return
        now = timezone.now()
        for order in orders:
            order.created_at = now - timedelta(
                days=rng.randrange(0, 30), hours=rng.randrange(0, 24)
            )
            order.order_date = timezone.localdate(order.created_at)
        Order.objects.bulk_update(orders, ["created_at", "order_date"], batch_size=500)
        # A few orders that haven't shipped are cancelled the way a shop cancels one.
        not_shipped = (
            Order.objects.filter(pk__in=[order.pk for order in orders])
            .exclude(items__status__in=LIFE_CYCLE[2:])
            .order_by("pk")
        )
        for order in not_shipped[:3]:
            cancel_order(order, by=None)

    def _reviews(
        self, rng: random.Random, customers: list[CustomerProfile], products: list[Product]
    ) -> None:
        if ProductReview.objects.filter(customer__in=customers).exists():
            return
        bought = (
            OrderItem.objects.filter(order__customer__in=customers)
            .values_list("order__customer_id", "product_id")
            .distinct()
            .order_by()
        )
        pairs = sorted(set(bought))
        reviews = [
            ProductReview(
                customer_id=customer_id,
                product_id=product_id,
                rating=Decimal(rng.randrange(10, 51)) / 10,
                review=rng.choice(REVIEW_TEXTS),
            )
            for customer_id, product_id in pairs
            if rng.random() < 0.6
        ]
        ProductReview.objects.bulk_create(reviews, batch_size=1000)
        refresh_product_ratings({r.product_id for r in reviews})

    def _activity(
        self,
        rng: random.Random,
        customers: list[CustomerProfile],
        vendors: list[VendorProfile],
        products: list[Product],
    ) -> None:
        if ViewedProduct.objects.filter(customer__in=customers).exists():
            return
        views, searches, carts = [], [], []
        for customer in customers:
            picks = rng.sample(products, min(8, len(products)))
            views += [ViewedProduct(customer=customer, product=p) for p in picks]
            searches += [
                SearchedProduct(customer=customer, query=rng.choice(NOUNS).lower())
                for _ in range(3)
            ]
            carts += [
                CartItem(customer=customer, product=p, quantity=rng.randrange(1, 3))
                for p in picks[:2]
            ]
            customer.favourite_products.add(*picks[2:4])
            customer.favourite_vendors.add(rng.choice(vendors))
        ViewedProduct.objects.bulk_create(views)
        SearchedProduct.objects.bulk_create(searches)
        CartItem.objects.bulk_create(carts)

    def _boards(self, rng: random.Random, owners: list[Any]) -> None:
        """A deal board with the starter columns and a few open orders as cards, for each owner
        who has no board yet (the board's positions are kept by ``modelsync.ordering``)."""
        for owner in owners:
            if BoardColumn.objects.filter(owner=owner).exists():
                continue
            columns = [
                BoardColumn.objects.create(owner=owner, name=name) for name in STARTER_COLUMNS
            ]
            vendor_orders = (
                Order.objects.filter(vendor__user=owner)
                if not owner.is_staff
                else (Order.objects.all())
            )
            for order in vendor_orders.order_by("pk")[:9]:
                BoardCard.objects.create(
                    column=rng.choice(columns),
                    title=f"{order.order_code} · {order.contact or 'customer'}",
                    notes=f"{order.total_amount} total, {order.get_status_display().lower()}",
                    sales_order=order,
                )

    def _print_credentials(
        self, staff: Any, vendors: list[VendorProfile], customers: list[CustomerProfile]
    ) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo marketplace: {Product.objects.count()} products, "
                f"{Order.objects.count()} orders, "
                f"{ProductReview.objects.count()} reviews."
            )
        )
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/accounts/login/ with (password for all: "
            f"{DEMO_PASSWORD}):"
        )
        self.stdout.write(f"  staff    {staff.username}")
        self.stdout.write(f"  vendor   {vendors[0].user.username}  ({vendors[0].shop_name})")
        self.stdout.write(f"  customer {customers[0].user.username}")
