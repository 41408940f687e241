"""Old values are read under a row lock, in the statement that writes (PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from .models import Author, Book

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _concurrently(write) -> None:
    """Run ``write`` in another thread while this one holds a newer, uncommitted value."""
    book = Book.objects.get()
    errors: list[BaseException] = []

    def other() -> None:
        try:
            write(book.pk)
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        Book.objects.filter(pk=book.pk).update(status="concurrent")  # takes the row lock
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.5)  # the other write is now waiting for our lock
        assert thread.is_alive()
    thread.join(10)
    assert not errors, errors


@pytest.fixture
def book() -> Book:
    return Book.objects.create(title="t", status="draft", author=Author.objects.create(name="a"))


def test_queryset_update_sees_the_value_committed_before_it(book, recorder):
    _concurrently(lambda pk: Book.objects.filter(pk=pk).update(status="mine"))
    last = recorder.of("update", Book)[-1]
    assert [o.changed_values for o in last] == [{"status": "concurrent"}]


def test_bulk_update_sees_the_value_committed_before_it(book, recorder):
    def write(pk):
        stale = Book.objects.get(pk=pk)  # read before the lock is released: stale "draft"
        stale.status = "mine"
        return Book.objects.bulk_update([stale], ["status"])

    _concurrently(write)
    last = recorder.of("update", Book)[-1]
    assert [o.changed_values for o in last] == [{"status": "concurrent"}]


def test_save_sees_the_value_committed_before_it(book, recorder):
    def write(pk):
        stale = Book.objects.get(pk=pk)
        stale.status = "mine"
        stale.save()

    _concurrently(write)
    last = recorder.of("update", Book)[-1]
    assert [o.changed_values for o in last] == [{"status": "concurrent"}]
