"""The hook registry: validated registrations, a declared order, transaction semantics, and
the cheapest statement for what the hooks need."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.core import checks
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from modelsync.tracking import (
    ORDER_AUDIT,
    ORDER_SYNC,
    Action,
    HookRegistrationError,
    Need,
    TrackingInfo,
    When,
    Write,
    current_user,
    is_tracked,
    register,
    registered,
    tracking,
    unregister,
)
from modelsync.tracking.checks import check_hooked_models_are_tracked

from .helpers import no_receivers
from .models import Author, Book, Note, PlainBook, ReprintedBook, Tag, Task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_hooks() -> Iterator[None]:
    """No audit trail, no signal receiver: the hooks under test are the only listeners."""
    with override_settings(MODELSYNC_AUDIT_MODELS=[]), no_receivers():
        yield


@pytest.fixture
def hooked() -> Iterator[list[tuple[str, Write]]]:
    """Registers nothing itself; unregisters every ``test.*`` hook afterwards."""
    calls: list[tuple[str, Write]] = []
    yield calls
    for hook in registered():
        if hook.name.startswith("test."):
            unregister(hook.model, hook.name)


@pytest.fixture
def author() -> Author:
    return Author.objects.create(name="a")


def _recording(calls: list[tuple[str, Write]], name: str) -> Callable[[Write], None]:
    def hook(write: Write) -> None:
        calls.append((name, write))

    return hook


def test_registering_a_name_twice_on_a_model_is_an_error(hooked):
    register(Book, _recording(hooked, "a"), name="test.a")
    with pytest.raises(HookRegistrationError, match=r"'test\.a' is already registered on"):
        register(Book, _recording(hooked, "b"), name="test.a")


def test_registering_one_callback_under_two_names_is_an_error(hooked):
    callback = _recording(hooked, "a")
    register(Book, callback, name="test.a")
    with pytest.raises(HookRegistrationError, match="would run it twice per write"):
        register(Book, callback, name="test.b")


def test_registering_on_a_proxy_names_the_concrete_model(hooked):
    with pytest.raises(HookRegistrationError, match=r"register it on tests_tracking\.Book"):
        register(ReprintedBook, _recording(hooked, "a"), name="test.a")


def test_registration_errors_are_value_errors_and_name_the_bad_value(hooked):
    with pytest.raises(ValueError, match="unknown action"):
        register(Book, _recording(hooked, "a"), name="test.a", actions=["upsert"])
    with pytest.raises(ValueError, match="needs must be a non-empty Need"):
        register(Book, _recording(hooked, "a"), name="test.a", needs=Need(0))


def test_unregister_then_register_replaces_a_hook(hooked):
    register(Book, _recording(hooked, "a"), name="test.a")
    assert unregister(Book, "test.a") is True
    assert unregister(Book, "test.a") is False
    register(Book, _recording(hooked, "b"), name="test.a")
    assert [h.name for h in registered(Book)] == ["test.a"]


def test_hooks_run_in_declared_order_then_by_name(hooked, author):
    register(Book, _recording(hooked, "audit"), name="test.z-audit", order=ORDER_AUDIT)
    register(Book, _recording(hooked, "default-b"), name="test.b")
    register(Book, _recording(hooked, "default-a"), name="test.a")
    register(Book, _recording(hooked, "sync"), name="test.y-sync", order=ORDER_SYNC)
    Book.objects.create(title="t", author=author)
    assert [name for name, _write in hooked] == ["sync", "default-a", "default-b", "audit"]
    assert len({write.statement_id for _name, write in hooked}) == 1


def test_in_transaction_hook_failure_rolls_the_write_back(hooked, author):
    def refuse(write: Write) -> None:
        raise RuntimeError(f"refused {write.keys}")

    register(Book, refuse, name="test.refuse", actions=[Action.UPDATE])
    book = Book.objects.create(title="old", author=author)
    with pytest.raises(RuntimeError, match="refused"), transaction.atomic():
        Book.objects.filter(pk=book.pk).update(title="new")
    book.refresh_from_db()
    assert book.title == "old"


@pytest.mark.django_db(transaction=True)
def test_on_commit_hooks_run_after_commit_and_never_after_rollback(hooked):
    register(Book, _recording(hooked, "late"), name="test.late", when=When.ON_COMMIT)
    author = Author.objects.create(name="a")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        Book.objects.create(title="rolled back", author=author)
        1 / 0  # noqa: B018
    assert hooked == []
    with transaction.atomic():
        book = Book.objects.create(title="kept", author=author)
        assert hooked == []
    assert [(name, write.keys) for name, write in hooked] == [("late", [book.pk])]


def test_proxy_writes_reach_the_concrete_models_hooks(hooked, author):
    register(Book, _recording(hooked, "keys"), name="test.keys", needs=Need.KEYS)
    book = Book.objects.create(title="t", author=author)
    ReprintedBook.objects.filter(pk=book.pk).update(title="u")
    (_create, (_name, update)) = hooked
    assert update.model is ReprintedBook and update.action is Action.UPDATE
    assert update.keys == [book.pk]


def test_every_write_kind_dispatches_with_its_objects(hooked, author):
    register(Book, _recording(hooked, "all"), name="test.all", needs=Need.OLD_VALUES)
    book = Book.objects.create(title="a", author=author)
    book.title = "b"
    book.save()
    more = Book.objects.bulk_create([Book(title=f"x{i}", author=author) for i in range(2)])
    Book.objects.filter(pk__in=[b.pk for b in more]).update(status="s")
    for obj in more:
        obj.status = "t"
    Book.objects.bulk_update(more, ["status"])
    Book.objects.get_or_create(title="g", defaults={"author": author})
    Book.objects.update_or_create(title="g", defaults={"author": author, "status": "u"})
    Book.objects.filter(pk=more[0].pk).delete()
    author.delete()  # cascades to every remaining book
    seen = [(w.action.value, sorted(w.keys), sorted(w.fields)) for _n, w in hooked]
    (g,) = seen[5][1]  # the get_or_create row (deleted by the cascade since)
    every = sorted(f.name for f in Book._meta.concrete_fields)
    assert [s[:2] for s in seen] == [
        ("create", [book.pk]),
        ("update", [book.pk]),
        ("create", sorted(b.pk for b in more)),
        ("update", sorted(b.pk for b in more)),
        ("update", sorted(b.pk for b in more)),
        ("create", [g]),
        ("update", [g]),
        ("delete", [more[0].pk]),
        ("delete", sorted([book.pk, more[1].pk, g])),
    ]
    assert seen[0][2] == every and seen[3][2] == ["status"] and seen[6][2] != every
    updated = hooked[1][1].objects[0]
    assert updated.changed_values == {"title": "a"} and updated.instance is book


def test_a_keys_only_update_is_one_update_returning_the_keys(hooked, author, is_postgres):
    register(Book, _recording(hooked, "keys"), name="test.keys", needs=Need.KEYS)
    books = Book.objects.bulk_create([Book(title=f"b{i}", author=author) for i in range(5)])
    Book.objects.filter(pk=books[0].pk).update(status="new")
    hooked.clear()
    with CaptureQueriesContext(connection) as ctx:
        count = Book.objects.filter(title__startswith="b").update(status="new")
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert count == 5 and sql.startswith("UPDATE") and "RETURNING" in sql
    if is_postgres:  # rows locked in key order: concurrent updates wait, never deadlock
        assert "ORDER BY" in sql and "FOR UPDATE" in sql
    ((_name, write),) = hooked
    # Keys only: every row the statement matched, the unchanged one too; nothing else read.
    assert sorted(write.keys) == sorted(b.pk for b in books)
    assert write.fields == frozenset({"status"})
    assert all(modified.changed_values == {} for modified in write.objects)


def test_a_keys_only_save_and_bulk_update_run_djangos_statements(hooked, author):
    register(Book, _recording(hooked, "keys"), name="test.keys", needs=Need.KEYS)
    book = Book.objects.create(title="a", author=author)
    plain = PlainBook.objects.create(title="a", author=author)
    hooked.clear()
    for obj in (book, plain):
        obj.price = Decimal(3)
    with CaptureQueriesContext(connection) as tracked:
        book.save()
        Book.objects.bulk_update([book], ["price"])
    with CaptureQueriesContext(connection) as untracked:
        plain.save()
        PlainBook.objects.bulk_update([plain], ["price"])
    assert len(tracked.captured_queries) == len(untracked.captured_queries)
    assert [w.keys for _n, w in hooked] == [[book.pk], [book.pk]]


def test_keys_objects_build_instances_on_demand(hooked, author):
    register(Book, _recording(hooked, "keys"), name="test.keys", needs=Need.KEYS)
    book = Book.objects.create(title="a", author=author)
    hooked.clear()
    Book.objects.filter(pk=book.pk).update(status="s")
    ((_name, write),) = hooked
    with CaptureQueriesContext(connection) as ctx:
        assert write.objects[0].pk == book.pk
    assert ctx.captured_queries == []
    assert write.objects[0].instance.status == "s"  # loaded when read


def test_old_values_are_read_only_when_a_hook_needs_them(hooked, author, is_postgres):
    register(Book, _recording(hooked, "old"), name="test.old", needs=Need.OLD_VALUES)
    book = Book.objects.create(title="a", author=author)
    hooked.clear()
    with CaptureQueriesContext(connection) as ctx:
        Book.objects.filter(pk=book.pk).update(title="b")
    assert len(ctx.captured_queries) == (1 if is_postgres else 2)
    ((_name, write),) = hooked
    assert write.objects[0].changed_values == {"title": "a"}


def test_write_user_is_who_made_the_write(hooked, author):
    register(Book, _recording(hooked, "who"), name="test.who")
    with tracking(user="alice"):
        Book.objects.create(title="a", author=author)
        assert current_user() == "alice"
    Book.objects.create(title="b", author=author, tracking_info_=TrackingInfo(user="bob"))
    Book.objects.create(title="c", author=author)
    assert [w.user for _n, w in hooked] == ["alice", "bob", None]
    assert current_user() is None


def test_is_tracked_answers_by_the_default_manager():
    assert is_tracked(Book) and is_tracked(Task) and is_tracked(ReprintedBook)
    assert not is_tracked(Note) and not is_tracked(PlainBook)


def test_a_hook_on_an_untracked_model_is_a_system_check_error(hooked):
    assert check_hooked_models_are_tracked() == []
    register(PlainBook, _recording(hooked, "a"), name="test.a")
    (error,) = check_hooked_models_are_tracked()
    assert isinstance(error, checks.Error) and error.id == "modelsync.E002"
    assert "tests_tracking.PlainBook" in error.msg and "'test.a'" in error.msg
    assert "TrackedModel" in error.hint


def test_create_through_the_manager_reports_once_when_save_is_overridden(hooked, author):
    register(Book, _recording(hooked, "a"), name="test.a", actions=[Action.CREATE])
    register(Tag, _recording(hooked, "t"), name="test.t", actions=[Action.CREATE])
    Book.objects.create(title="t", author=author)
    Tag.objects.create(name="overrides save()")
    assert [name for name, _write in hooked] == ["a", "t"]


@pytest.mark.parametrize("needs", [Need.KEYS, Need.OLD_VALUES], ids=["keys", "old-values"])
def test_updates_django_accepts_behave_as_in_django_whatever_the_needs(hooked, author, needs):
    from django.db.models import F

    register(Book, _recording(hooked, "h"), name="test.h", needs=needs)
    book = Book.objects.create(title="t", author=author, price=Decimal(2))
    assert Book.objects.annotate(x=F("price") * 2).update(price=F("x")) == 1
    book.refresh_from_db()
    assert book.price == Decimal(4)
    assert Book.objects.filter(pk__in=[]).update(price=1) == 0
    assert Book.objects.none().update(price=1) == 0
    assert Book.objects.none().bulk_update([book], ["price"]) == 1  # Django ignores the filter
