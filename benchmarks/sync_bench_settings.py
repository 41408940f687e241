"""Settings of ``sync_bench.py``: the marketplace, plus the computedfields contender.

The audit app is left out: it stores a row per tracked change, a cost of its own (see its
section of docs/performance.md), not of sync.
"""

from __future__ import annotations

import os

import dj_database_url

from marketplace.settings import *  # noqa: F403
from marketplace.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if app != "modelsync.audit"),
    "computedfields",
    "sync_bench_app",
]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SYNC_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_sync")
    )
}
DEBUG = False
