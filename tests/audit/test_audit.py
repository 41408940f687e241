"""The audit trail: one ChangeEvent per changed object, one INSERT per statement, in the write's
transaction; model/field choice, excluded fields, read-only admin, system checks."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from modelsync.audit.admin import ChangeEventAdmin
from modelsync.audit.checks import check_audit_settings
from modelsync.audit.models import ChangeEvent
from modelsync.tracking import ORDER_AUDIT, Need, TrackingInfo, When, registered, tracking
from tests.tracking.models import Author, Book, Chapter, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def author() -> Author:
    return Author.objects.create(name="Ann", password="secret")


def test_create_update_delete_each_leave_an_event(author):
    book = Book.objects.create(title="t", author=author, price=Decimal("1.5"))
    book.title = "u"
    book.save()
    book_pk = book.pk
    book.delete()
    events = list(ChangeEvent.objects.filter(model="tests_tracking.book"))
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert {e.object_id for e in events} == {str(book_pk)}
    created, updated, deleted = events
    assert created.old_values == {}
    assert created.new_values["title"] == "t" and created.new_values["price"] == "1.5"
    assert created.new_values["author"] == author.pk  # a foreign key is stored as its id
    assert (updated.old_values, updated.new_values) == ({"title": "t"}, {"title": "u"})
    assert deleted.old_values["title"] == "u" and deleted.new_values == {}


def test_one_event_per_changed_row_written_with_one_insert(author):
    books = Book.objects.bulk_create(
        [Book(title=f"b{i}", author=author, status="a" if i % 2 else "b") for i in range(40)]
    )
    ChangeEvent.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        assert Book.objects.update(status="a") == 40
    inserts = [q for q in ctx.captured_queries if "modelsync_audit_changeevent" in q["sql"]]
    assert len(inserts) == 1
    events = list(ChangeEvent.objects.all())
    assert len(events) == 20  # the rows whose status really changed
    assert {e.object_id for e in events} == {str(b.pk) for b in books if b.status == "b"}
    assert len({e.statement_id for e in events}) == 1
    assert all(e.old_values == {"status": "b"} and e.new_values == {"status": "a"} for e in events)


def test_each_statement_gets_its_own_statement_id(author):
    Book.objects.create(title="a", author=author)
    Book.objects.update(title="b")
    Book.objects.update(title="c")
    ids = list(ChangeEvent.objects.filter(action="update").values_list("statement_id", flat=True))
    assert len(ids) == 2 and ids[0] != ids[1]


def test_user_comment_and_kwargs_are_stored(author):
    user = User.objects.create_user("mia")
    book = Book.objects.create(title="a", author=author)
    with tracking(user=user, comment="fix typo"):
        Book.objects.update(title="b")
    Book.objects.update(title="c", tracking_info_=TrackingInfo(kwargs={"build": "1.2"}))
    first, second = ChangeEvent.objects.for_object(book).filter(action="update")
    assert (first.user, first.comment) == (user, "fix typo")
    assert (second.user, second.comment, second.extra) == (None, "", {"build": "1.2"})


def test_events_are_part_of_the_writes_transaction(author):
    book = Book.objects.create(title="a", author=author)
    with pytest.raises(RuntimeError), transaction.atomic():
        Book.objects.update(title="b")
        assert ChangeEvent.objects.filter(action="update").count() == 1
        raise RuntimeError
    assert not ChangeEvent.objects.filter(action="update").exists()
    assert Book.objects.get(pk=book.pk).title == "a"


def test_for_object_lists_only_that_objects_events(author):
    one = Book.objects.create(title="1", author=author)
    two = Book.objects.create(title="2", author=author)
    Book.objects.update(status="x")
    assert [e.action for e in ChangeEvent.objects.for_object(one)] == ["create", "update"]
    assert all(e.object_id == str(two.pk) for e in ChangeEvent.objects.for_object(two))
    assert ChangeEvent.objects.for_model(Book).count() == 4


def test_cascaded_deletes_are_audited(author):
    book = Book.objects.create(title="a", author=author)
    Chapter.objects.create(book=book, number=1)
    Note.objects.create(book=book, text="n")
    author.delete()
    deleted = set(ChangeEvent.objects.filter(action="delete").values_list("model", flat=True))
    assert deleted == {"tests_tracking.author", "tests_tracking.book", "tests_tracking.chapter"}


def test_excluded_fields_never_reach_the_trail(author):
    with override_settings(MODELSYNC_AUDIT_EXCLUDE_FIELDS=["password"]):
        Author.objects.update(password="new-secret", name="Bo")
    (event,) = ChangeEvent.objects.filter(action="update")
    assert event.old_values == {"name": "Ann"}
    assert "password" not in event.new_values
    created = ChangeEvent.objects.get(action="create", model="tests_tracking.author")
    assert created.new_values["password"] == "secret"  # before the exclusion was set


def test_exclusions_per_model(author):
    with override_settings(MODELSYNC_AUDIT_EXCLUDE_FIELDS={"tests_tracking.Author": ["password"]}):
        Author.objects.update(password="x")
    assert not ChangeEvent.objects.filter(action="update").exists()  # nothing else changed


def test_only_the_chosen_models_and_fields_are_audited(author):
    with override_settings(MODELSYNC_AUDIT_MODELS={"tests_tracking.Book": ["status"]}):
        book = Book.objects.create(title="a", author=author)
        Book.objects.update(title="b")  # not an audited field
        Book.objects.update(status="s")
        Author.objects.update(name="x")  # not an audited model
        events = list(ChangeEvent.objects.exclude(model="tests_tracking.author"))
    assert [(e.action, e.new_values) for e in events] == [
        ("create", {"status": "draft"}),
        ("update", {"status": "s"}),
    ]
    assert events[0].object_id == str(book.pk)
    assert ChangeEvent.objects.filter(model="tests_tracking.author").count() == 1  # its create


def test_unaudited_models_get_no_hook_and_plain_statements(author):
    with override_settings(MODELSYNC_AUDIT_MODELS=[]):
        assert [h.name for h in registered(Book)] == []
        with CaptureQueriesContext(connection) as ctx:
            Book.objects.filter(pk=0).update(title="x")
        assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["UPDATE"]
    (hook,) = registered(Book)
    assert (hook.name, hook.needs, hook.when, hook.order) == (
        "modelsync.audit",
        Need.OLD_VALUES | Need.NEW_ROWS,
        When.IN_TRANSACTION,
        ORDER_AUDIT,
    )
    assert registered(Note) == []  # not tracked: nothing to audit


def test_admin_is_read_only(admin_client, author):
    Book.objects.create(title="a", author=author)
    event = ChangeEvent.objects.first()
    admin = ChangeEventAdmin(ChangeEvent, None)
    assert not admin.has_add_permission(None)
    assert not admin.has_change_permission(None, event)
    assert not admin.has_delete_permission(None, event)
    listing = admin_client.get("/admin/modelsync_audit/changeevent/")
    assert listing.status_code == 200
    assert b"tests_tracking.book" in listing.content
    page = admin_client.get(f"/admin/modelsync_audit/changeevent/{event.pk}/change/")
    assert page.status_code == 200 and b"Save" not in page.content
    assert admin_client.get("/admin/modelsync_audit/changeevent/add/").status_code == 403


@pytest.mark.parametrize(
    ("settings_", "error_id"),
    [
        ({"MODELSYNC_AUDIT_MODELS": "tests_tracking.Book"}, "modelsync.E010"),
        ({"MODELSYNC_AUDIT_MODELS": ["nope.Model"]}, "modelsync.E011"),
        ({"MODELSYNC_AUDIT_MODELS": ["tests_tracking.Note"]}, "modelsync.E012"),
        ({"MODELSYNC_AUDIT_MODELS": {"tests_tracking.Book": ["nope"]}}, "modelsync.E014"),
        ({"MODELSYNC_AUDIT_EXCLUDE_FIELDS": {"nope.Model": ["x"]}}, "modelsync.E013"),
        ({"MODELSYNC_AUDIT_EXCLUDE_FIELDS": {"tests_tracking.Book": ["nope"]}}, "modelsync.E014"),
    ],
)
def test_bad_settings_fail_the_system_checks(settings_, error_id):
    with override_settings(**settings_):
        errors = check_audit_settings()
    assert [e.id for e in errors] == [error_id]
    assert errors[0].hint


def test_good_settings_pass_the_system_checks():
    with override_settings(
        MODELSYNC_AUDIT_MODELS={
            "tests_tracking.Book": ["status"],
            "tests_tracking.Author": "__all__",
        },
        MODELSYNC_AUDIT_EXCLUDE_FIELDS={"*": ["password"], "tests_tracking.Book": ["data"]},
    ):
        assert check_audit_settings() == []


@override_settings(MIGRATION_MODULES={})  # the test run disables migrations
def test_the_shipped_migration_matches_the_model():
    out = StringIO()
    call_command("makemigrations", "modelsync_audit", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_bulk_update_and_queryset_delete_each_write_one_insert(author):
    books = Book.objects.bulk_create([Book(title=f"b{i}", author=author) for i in range(30)])
    for book in books:
        book.title += "!"
    with CaptureQueriesContext(connection) as updating:
        assert Book.objects.bulk_update(books, ["title"]) == 30
    with CaptureQueriesContext(connection) as deleting:
        Book.objects.all().delete()

    def inserts(ctx):
        return [
            q for q in ctx.captured_queries if q["sql"].startswith('INSERT INTO "modelsync_audit_')
        ]

    assert len(inserts(updating)) == 1
    assert len(inserts(deleting)) == 1
    assert ChangeEvent.objects.filter(action="update").count() == 30
    assert ChangeEvent.objects.filter(action="delete").count() == 30
