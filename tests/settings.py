"""Settings of the test suite: the marketplace plus one small app per library part.

The database comes from ``DATABASE_URL`` (SQLite in memory by default). ``MODELSYNC_TEST_DB``
names the PostgreSQL test database, so that several runs on one server don't collide.
"""

from __future__ import annotations

import os

from marketplace.settings import *  # noqa: F403
from marketplace.settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "tests.tracking",
    "tests.sync",
    "tests.ordering",
    "tests.remote",
    "tests.events",
]

if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
if os.environ.get("MODELSYNC_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["MODELSYNC_TEST_DB"]}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_BROKER_URL = os.environ.get("MODELSYNC_TEST_BROKER_URL", "redis://127.0.0.1:6379/9")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
