"""Settings of the test suite: the marketplace plus one small app per library part.

The database comes from ``DATABASE_URL`` (by default SQLite, in a file in the temp directory).
``MODELSYNC_TEST_DB`` names the test database (PostgreSQL database or SQLite file), so that
several runs on one machine don't collide.
"""

from __future__ import annotations

import os
import tempfile

from marketplace.settings import *  # noqa: F403
from marketplace.settings import DATABASES, INSTALLED_APPS, SQLITE_OPTIONS

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "tests.tracking",
    "tests.sync",
    "tests.ordering",
    "tests.remote",
    "tests.events",
]

TEST_DB_NAME = os.environ.get("MODELSYNC_TEST_DB", "test_modelsync")
if os.environ.get("DATABASE_URL"):
    DATABASES["default"]["TEST"] = {"NAME": TEST_DB_NAME}
else:
    # A file, not ":memory:": the live-server tests serve concurrent requests from several
    # threads, which share a SQLite database only through a file (the live server, started
    # before the test database exists, would share one in-memory connection between all its
    # threads). Same options as the project.
    _SQLITE_FILE = os.path.join(tempfile.gettempdir(), f"{TEST_DB_NAME}.sqlite3")
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _SQLITE_FILE,
        "OPTIONS": SQLITE_OPTIONS,
        "TEST": {"NAME": _SQLITE_FILE},
    }

# The marketplace's tests pin the statements of a marketplace without the change stream; the
# tests of the stream (tests/events) publish the marketplace's orders themselves.
MODELSYNC_EVENTS_MODELS = {}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_BROKER_URL = os.environ.get("MODELSYNC_TEST_BROKER_URL", "redis://127.0.0.1:6379/9")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
