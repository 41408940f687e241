"""Settings of the dashboard benchmark server: the marketplace on its own PostgreSQL database.

``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/bench_marketplace``).
"""

from __future__ import annotations

import os

import dj_database_url

from marketplace.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "dashboard_naive"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_marketplace"
        ),
        conn_max_age=600,
    )
}
MARKETPLACE_DASHBOARD_LIMIT = 20
LOGGING = {"version": 1, "disable_existing_loggers": False}
