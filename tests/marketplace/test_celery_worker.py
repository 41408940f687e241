"""The shared Celery worker fixture really runs tasks through Redis."""

from __future__ import annotations

from typing import Any

from marketplace.celery import app


@app.task(name="tests.add")
def add(a: int, b: int) -> int:
    return a + b


def test_worker_runs_a_task_through_redis(celery_worker: Any) -> None:
    assert add.delay(2, 3).get(timeout=20) == 5
