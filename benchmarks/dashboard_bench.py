"""Dashboards under load: queries per request and requests/second, ours beside a naive version.

Data: 10,000 products and 100,000 orders (about 200,000 order items) of 50 vendors and 1,000
customers on PostgreSQL (database ``bench_marketplace``, created when missing; ``--reseed``
rebuilds it). Each endpoint is served by gunicorn (2 sync workers) on loopback and loaded
with ``wrk``; the naive endpoints (``dashboard_naive.py``) return the same JSON with the
spec's per-section queries and no joins or prefetching.

Run: ``.venv-bench/bin/python benchmarks/dashboard_bench.py [--duration 10] [--reseed]``
(``.venv-bench`` holds gunicorn, see ``benchmarks/requirements-dashboard.txt``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard_settings")
DB_NAME = "bench_marketplace"
os.environ.setdefault("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")

VENDORS, CUSTOMERS, PRODUCTS, ORDERS = 50, 1_000, 10_000, 100_000
PASSWORD = "bench-pass"


def ensure_database(reseed: bool) -> bool:
    """Create the benchmark database if needed; True when it must be (re)seeded."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and not reseed:
            return False
        if exists:
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return True


def create_tables() -> None:
    """Migrate the apps that ship migrations, then create the marketplace's tables directly
    (its migrations are generated at release time; syncdb would run before ``auth``)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in apps.get_app_config("marketplace").get_models():
            if model._meta.db_table not in existing:
                editor.create_model(model)


def seed() -> None:
    """Bulk-insert the data set (plain Django querysets: the data is the subject, not the
    tracking of its insertion)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, models
    from django.db.models.functions import Cast, Concat
    from django.utils import timezone

    from marketplace import models as m

    create_tables()
    rng = random.Random(7)
    user_model = get_user_model()
    password = make_password(PASSWORD)

    def plain(model: Any) -> Any:
        return models.QuerySet(model=model)

    users = plain(user_model).bulk_create(
        [user_model(username=f"bvendor{n}", password=password) for n in range(VENDORS)]
        + [user_model(username=f"bcustomer{n}", password=password) for n in range(CUSTOMERS)],
        batch_size=2000,
    )
    vendors = plain(m.VendorProfile).bulk_create(
        [m.VendorProfile(user=u, shop_name=f"Shop {n}") for n, u in enumerate(users[:VENDORS])]
    )
    customers = plain(m.CustomerProfile).bulk_create(
        [m.CustomerProfile(user=u) for u in users[VENDORS:]], batch_size=2000
    )
    category = m.Category.objects.create(name="Everything")
    products = plain(m.Product).bulk_create(
        [
            m.Product(
                vendor=vendors[n % VENDORS],
                name=f"Product {n}",
                category=category,
                price=Decimal(rng.randrange(100, 50000)) / 100,
                stock=100,
                rating=Decimal(rng.randrange(0, 51)) / 10,
            )
            for n in range(PRODUCTS)
        ],
        batch_size=5000,
    )
    plain(m.Product).update(product_id=Concat(models.Value("B"), Cast("id", models.CharField())))
    by_vendor: dict[int, list[Any]] = {}
    for product in products:
        by_vendor.setdefault(product.vendor_id, []).append(product)
    now = timezone.now()
    statuses = list(m.OrderItem.Status.values)
    for start in range(0, ORDERS, 10_000):
        orders = plain(m.Order).bulk_create(
            [
                m.Order(
                    order_code=f"B{n:08d}",
                    customer=rng.choice(customers),
                    vendor=rng.choice(vendors),
                    status=m.Order.Status.ORDER_PLACED,
                    total_amount=Decimal("10.00"),
                    order_date=now.date(),
                )
                for n in range(start, start + 10_000)
            ],
            batch_size=5000,
        )
        items = [
            m.OrderItem(
                order=order,
                product=product,
                quantity=1,
                unit_price=product.price,
                status=rng.choice(statuses),
            )
            for order in orders
            for product in rng.sample(by_vendor[order.vendor_id], rng.randrange(1, 4))
        ]
        plain(m.OrderItem).bulk_create(items, batch_size=5000)
        print(f"  seeded {start + 10_000:,} orders", file=sys.stderr)
    plain(m.Order).update(created_at=now - timedelta(days=1))
    reviews = {(rng.choice(customers).pk, rng.choice(products).pk): None for _ in range(20_000)}
    plain(m.ProductReview).bulk_create(
        [m.ProductReview(customer_id=c, product_id=p, rating=Decimal("4.0")) for c, p in reviews],
        batch_size=5000,
    )
    target = customers[0]
    plain(m.ViewedProduct).bulk_create(
        [m.ViewedProduct(customer=target, product=rng.choice(products)) for _ in range(1000)]
    )
    plain(m.SearchedProduct).bulk_create(
        [m.SearchedProduct(customer=target, query=f"query {n}") for n in range(1000)]
    )
    plain(m.CartItem).bulk_create(
        [m.CartItem(customer=target, product=p) for p in rng.sample(products, 10)]
    )
    target.favourite_products.add(*rng.sample(products, 30))
    target.favourite_vendors.add(*vendors[:5])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def targets() -> dict[str, tuple[str, str]]:
    """The four URLs and the token header each is requested with."""
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from marketplace.models import CustomerProfile, VendorProfile

    customer = CustomerProfile.objects.select_related("user").order_by("id").first()
    vendor = (
        VendorProfile.objects.select_related("user")
        .annotate(n=Count("orders"))
        .order_by("-n", "id")
        .first()
    )
    assert customer and vendor, "seed the database first (--reseed)"
    c_token = Token.objects.get_or_create(user=customer.user)[0].key
    v_token = Token.objects.get_or_create(user=vendor.user)[0].key
    return {
        "customer (ours)": (f"/api/customer/{customer.pk}/dashboard/", c_token),
        "customer (naive)": (f"/naive/customer/{customer.pk}/dashboard/", c_token),
        "vendor (ours)": (f"/api/vendor/{vendor.pk}/dashboard/", v_token),
        "vendor (naive)": (f"/naive/vendor/{vendor.pk}/dashboard/", v_token),
    }


def count_queries(urls: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Queries per request, measured in-process; also checks both versions return equal JSON."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts, bodies = {}, {}
    for name, (url, token) in urls.items():
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        client.get(url)  # warm caches (content types, etc.)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name], bodies[name] = len(queries), json.loads(response.content)
    for kind in ("customer", "vendor"):
        assert bodies[f"{kind} (ours)"] == bodies[f"{kind} (naive)"], f"{kind}: JSON differs"
    return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    """gunicorn with 2 sync workers on loopback, waiting until it answers."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            f"--pythonpath={HERE},{ROOT}",
            "--log-level=warning",
            "django.core.wsgi:get_wsgi_application()",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "dashboard_settings"},
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def load(port: int, url: str, token: str, duration: int) -> float:
    """Requests per second reported by wrk (2 threads, 4 connections)."""
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c4",
            "--timeout=60s",  # the CPU is shared: a slow answer still counts, it isn't dropped
            f"-d{duration}s",
            "-H",
            f"Authorization: Token {token}",
            f"http://127.0.0.1:{port}{url}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors on {url}:\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert match, output
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per endpoint")
    parser.add_argument("--reseed", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    fresh = ensure_database(args.reseed)

    import django

    django.setup()
    if fresh:
        print("seeding 10k products / 100k orders ...", file=sys.stderr)
        seed()
    from marketplace.models import Order, OrderItem, Product

    sizes = f"{Product.objects.count():,} products, {Order.objects.count():,} orders, "
    sizes += f"{OrderItem.objects.count():,} order items"
    urls = targets()
    queries = count_queries(urls)
    port = free_port()
    server = serve(port)
    try:
        rps = {name: load(port, url, token, args.duration) for name, (url, token) in urls.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\nDashboards on PostgreSQL ({sizes}); gunicorn 2 workers, wrk -t2 -c4 -d{args.duration}s"
    )
    print(f"| {'endpoint':<18} | {'queries/request':>15} | {'requests/s':>10} |")
    print(f"|{'-' * 20}|{'-' * 16}:|{'-' * 11}:|")
    for name in urls:
        print(f"| {name:<18} | {queries[name]:>15} | {rps[name]:>10.1f} |")
    for kind in ("customer", "vendor"):
        ratio = rps[f"{kind} (ours)"] / rps[f"{kind} (naive)"]
        fewer = queries[f"{kind} (naive)"] / queries[f"{kind} (ours)"]
        print(f"{kind}: {ratio:.1f}x the requests/s of naive, {fewer:.1f}x fewer queries")


if __name__ == "__main__":
    main()
