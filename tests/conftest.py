"""Fixtures shared by every part's tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``postgres_only`` tests on other databases, with the reason in the report."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run `make test` with PostgreSQL up)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def is_postgres() -> bool:
    """True when the suite runs on PostgreSQL."""
    return connection.vendor == "postgresql"


def chromium_path() -> str | None:
    """Path of the Debian Chromium binary, if installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (fails on CI when Chromium is missing).

    Module-scoped: Playwright's sync API keeps an event loop running in the test thread while
    it is open, which would break the asyncio tests of other modules. Meanwhile the ORM calls
    of the test itself (fixtures, assertions) are synchronous, hence DJANGO_ALLOW_ASYNC_UNSAFE.
    """
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: `apt-get install chromium` (see .ci/run)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()
            if previous is None:
                del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (own cookies) for one test."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[Any]:
    """A real Celery worker (in a thread of this process) consuming from the Redis broker.

    It shares the test database, so tests that use it are transactional. The broker is
    ``MODELSYNC_TEST_BROKER_URL`` (default Redis database 9).
    """
    from celery.contrib.testing.worker import start_worker

    from marketplace.celery import app

    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30.0):
        yield app
