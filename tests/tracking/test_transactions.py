"""Signals follow the transaction: sent on commit, never after a rollback; robust sending."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from modelsync.tracking import TrackingInfo, changes_recorded, post_update_signal

from .models import Author, Book

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def book() -> Book:
    return Book.objects.create(title="t", author=Author.objects.create(name="a"))


def test_signal_is_sent_only_when_the_transaction_commits(book, recorder):
    with transaction.atomic():
        Book.objects.update(title="u")
        assert recorder.calls == []
    assert len(recorder.of("update", Book)) == 1


def test_rollback_sends_nothing(book, recorder):
    with pytest.raises(RuntimeError), transaction.atomic():
        Book.objects.update(title="u")
        book.title = "v"
        book.save()
        raise RuntimeError("boom")
    assert recorder.calls == []
    assert Book.objects.get().title == "t"


def test_changes_recorded_is_sent_inside_the_transaction(book, recorded):
    seen_in_transaction = []

    def check(sender, **kwargs):
        seen_in_transaction.append(transaction.get_connection().in_atomic_block)

    changes_recorded.connect(check, sender=Book)
    try:
        Book.objects.update(title="u")
    finally:
        changes_recorded.disconnect(check, sender=Book)
    assert seen_in_transaction == [True]
    assert [action for action, *_ in recorded.calls] == ["update"]


def test_a_failing_in_transaction_receiver_undoes_the_write(book):
    def fail(sender, **kwargs):
        raise ValueError("refused")

    changes_recorded.connect(fail, sender=Book)
    try:
        with pytest.raises(ValueError, match="refused"):
            Book.objects.update(title="u")
    finally:
        changes_recorded.disconnect(fail, sender=Book)
    assert Book.objects.get().title == "t"


def test_robust_sending_logs_a_failing_receiver_and_runs_the_others(book, caplog):
    received = []

    def fail(sender, **kwargs):
        raise ValueError("receiver bug")

    def ok(sender, objects, **kwargs):
        received.append(len(objects))

    post_update_signal.connect(fail, sender=Book)
    post_update_signal.connect(ok, sender=Book)
    try:
        with caplog.at_level(logging.ERROR, logger="modelsync.tracking"):
            Book.objects.update(title="u", tracking_info_=TrackingInfo(is_robust=True))
    finally:
        post_update_signal.disconnect(fail, sender=Book)
        post_update_signal.disconnect(ok, sender=Book)
    assert received == [1]
    (record,) = [r for r in caplog.records if r.name == "modelsync.tracking"]
    assert "post_update_signal" in record.getMessage()
    assert "receiver bug" in str(record.exc_info[1])


def test_without_robust_a_failing_receiver_raises(book):
    def fail(sender, **kwargs):
        raise ValueError("receiver bug")

    post_update_signal.connect(fail, sender=Book)
    try:
        with pytest.raises(ValueError, match="receiver bug"):
            Book.objects.update(title="u")
    finally:
        post_update_signal.disconnect(fail, sender=Book)
    assert Book.objects.get().title == "u"  # committed before the signal


def test_bulk_update_is_atomic_when_a_row_fails(book, recorder, is_postgres):
    other = Book.objects.create(title="o", author=book.author)
    recorder.calls.clear()
    book.title = "ok"
    other.title = "x" * 300  # longer than max_length=200
    if is_postgres:
        from django.db import DataError

        with pytest.raises(DataError):
            Book.objects.bulk_update([other, book], ["title"])  # the bad row first
        assert set(Book.objects.values_list("title", flat=True)) == {"t", "o"}
        assert recorder.calls == []
    else:  # SQLite does not enforce lengths: the write goes through and is reported
        assert Book.objects.bulk_update([book, other], ["title"]) == 2
        assert len(recorder.of("update", Book)[0]) == 2
