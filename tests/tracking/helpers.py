"""Helpers shared by the tracking and audit tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelsync.tracking import (
    changes_recorded,
    post_create_signal,
    post_delete_signal,
    post_update_signal,
)

SIGNALS = (post_create_signal, post_update_signal, post_delete_signal, changes_recorded)


@contextmanager
def no_receivers() -> Iterator[None]:
    """Disconnect every receiver of the tracking signals (the audit's too) for a block."""
    saved = [(signal, list(signal.receivers)) for signal in SIGNALS]
    for signal in SIGNALS:
        with signal.lock:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL run inside the block, with the test tables' names made comparable."""
    result: list[str] = []
    with CaptureQueriesContext(connection) as ctx:
        yield result
    for query in ctx.captured_queries:
        sql = query["sql"]
        sql = re.sub(r"tests_tracking_plainbook", "tests_tracking_book", sql)
        sql = re.sub(r"(plain_books|plainbook)", "book", sql)
        result.append(sql)


def is_write(sql: str) -> bool:
    """Whether ``sql`` writes rows."""
    return bool(re.match(r"\s*(INSERT|UPDATE|DELETE)", sql, re.I))
