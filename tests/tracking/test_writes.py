"""Every kind of write reports the rows it created, changed or deleted, with old values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import F
from django.db.models.functions import Upper
from django.test import override_settings

from modelsync.tracking import ModifiedObject

from .models import Author, Book, Chapter, Magazine, Note, Tag, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def author() -> Author:
    return Author.objects.create(name="Ann")


@pytest.fixture
def books(author: Author) -> list[Book]:
    return [
        Book.objects.create(title=f"b{i}", status="draft" if i % 2 else "live", author=author)
        for i in range(6)
    ]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the post signals) of the block when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_create_sends_post_create_with_empty_changed_values(recorder, commit, author):
    with commit():
        book = Book.objects.create(title="t", author=author)
    (objects,) = recorder.of("create", Book)
    assert objects == [ModifiedObject(book, {})]
    assert objects[0].instance.pk == book.pk


def test_save_of_a_new_instance_reports_create_not_update(recorder, commit, author):
    with commit():
        Book(title="t", author=author).save()
    assert len(recorder.of("create", Book)) == 1
    assert recorder.of("update", Book) == []


def test_save_reports_old_values_of_changed_fields_only(recorder, commit, books):
    book = books[0]
    book.title = "new"
    book.price = Decimal("3.10")
    with commit():
        book.save()
    (objects,) = recorder.of("update", Book)
    assert objects[0].instance is book
    assert objects[0].changed_values == {"title": "b0", "price": Decimal("0.00")}
    assert objects[0].changes == {
        "title": ("b0", "new"),
        "price": (Decimal("0.00"), Decimal("3.10")),
    }


def test_save_without_change_sends_no_signal(recorder, commit, books):
    with commit():
        books[0].save()
    assert recorder.calls == []


def test_save_with_update_fields_reports_only_those_fields(recorder, commit, books):
    book = books[0]
    book.title = "new"
    book.status = "gone"
    with commit():
        book.save(update_fields=["status"])
    assert recorder.of("update", Book)[0][0].changed_values == {"status": "live"}
    assert Book.objects.get(pk=book.pk).title == "b0"


def test_delete_reports_the_row_with_its_pk(recorder, commit, books):
    book = books[0]
    pk = book.pk
    with commit():
        book.delete()
    assert book.pk is None  # Django's behaviour is kept for the caller's instance
    (objects,) = recorder.of("delete", Book)
    assert [o.instance.pk for o in objects] == [pk]
    assert objects[0].changed_values == {}


def test_queryset_update_reports_only_rows_that_changed(recorder, commit, books):
    with commit():
        count = Book.objects.update(status="live")
    assert count == 6  # rows matched, as Django counts them
    (objects,) = recorder.of("update", Book)
    assert sorted(o.instance.title for o in objects) == ["b1", "b3", "b5"]
    assert all(o.changed_values == {"status": "draft"} for o in objects)
    assert all(o.instance.status == "live" for o in objects)


def test_queryset_update_changing_nothing_sends_no_signal(recorder, commit, books):
    with commit():
        assert Book.objects.filter(status="live").update(status="live") == 3
    assert recorder.calls == []


def test_update_whose_filter_uses_the_changed_field_reports_exactly_its_rows(
    recorder, commit, books
):
    with commit():
        assert Book.objects.filter(status="draft").update(status="pending") == 3
    (objects,) = recorder.of("update", Book)
    assert sorted(o.instance.pk for o in objects) == sorted(
        b.pk for b in books if b.status == "draft"
    )
    assert {o.instance.status for o in objects} == {"pending"}


def test_update_with_expressions_reports_computed_new_values(recorder, commit, books):
    with commit():
        Book.objects.filter(title__in=["b0", "b1"]).update(
            price=F("price") + Decimal("1.5"), title=Upper("title")
        )
    objects = sorted(recorder.of("update", Book)[0], key=lambda o: o.instance.pk)
    assert [o.changed_values for o in objects] == [
        {"price": Decimal("0.00"), "title": "b0"},
        {"price": Decimal("0.00"), "title": "b1"},
    ]
    assert [o.changes["title"] for o in objects] == [("b0", "B0"), ("b1", "B1")]
    assert objects[0].instance.price == Decimal("1.50")


def test_update_filtered_through_a_relation(recorder, commit, books, author):
    other = Author.objects.create(name="Bob")
    Book.objects.create(title="x", author=other)
    with commit():
        assert Book.objects.filter(author__name="Ann").update(status="archived") == 6
    assert len(recorder.of("update", Book)[0]) == 6


def test_foreign_key_old_value_is_the_id(recorder, commit, books, author):
    other = Author.objects.create(name="Bob")
    with commit():
        Book.objects.filter(pk=books[0].pk).update(author=other)
    objects = recorder.of("update", Book)[0]
    assert objects[0].changed_values == {"author": author.pk}
    assert objects[0].instance.author_id == other.pk


def test_other_field_types_round_trip_as_python_values(recorder, commit, author):
    from django.utils import timezone

    when = timezone.now().replace(microsecond=0)
    book = Book.objects.create(
        title="t", author=author, in_stock=True, published=when, data={"a": [1, 2]}
    )
    with commit():
        Book.objects.filter(pk=book.pk).update(in_stock=False, published=None, data={"a": 3})
    (obj,) = recorder.of("update", Book)[0]
    assert obj.changed_values == {"in_stock": True, "published": when, "data": {"a": [1, 2]}}
    assert obj.instance.data == {"a": 3}
    assert obj.instance.in_stock is False


def test_bulk_update_returns_row_count_and_reports_changed_rows(recorder, commit, books):
    books[0].title = "x0"
    books[1].price = Decimal("9.99")
    with commit():
        assert Book.objects.bulk_update(books, ["title", "price"]) == 6
    objects = recorder.of("update", Book)[0]
    assert [(o.instance, o.changed_values) for o in objects] == [
        (books[0], {"title": "b0"}),
        (books[1], {"price": Decimal("0.00")}),
    ]
    assert objects[0].instance is books[0]


def test_bulk_update_of_every_field_kind(recorder, commit, books, author):
    from django.utils import timezone

    when = timezone.now().replace(microsecond=0)
    other = Author.objects.create(name="Bob")
    book = books[0]
    book.data = {"k": [1, "two"]}
    book.published = when
    book.in_stock = False
    book.author = other
    book.price = Decimal("12.34")
    fields = ["data", "published", "in_stock", "author", "price", "title"]
    with commit():
        assert Book.objects.bulk_update([book, books[1]], fields) == 2
    (obj,) = recorder.of("update", Book)[0]
    assert obj.changed_values == {
        "data": None,
        "published": None,
        "in_stock": True,
        "author": author.pk,
        "price": Decimal("0.00"),
    }
    fresh = Book.objects.get(pk=book.pk)
    assert (fresh.data, fresh.published, fresh.in_stock, fresh.author_id, fresh.price) == (
        {"k": [1, "two"]},
        when,
        False,
        other.pk,
        Decimal("12.34"),
    )


def test_bulk_update_in_batches(recorder, commit, books):
    for book in books:
        book.status = "batched"
    with commit():
        assert Book.objects.bulk_update(books, ["status"], batch_size=4) == 6
    assert len(recorder.of("update", Book)[0]) == 6


def test_bulk_update_with_expression_values(recorder, commit, books):
    books[0].price = F("price") + 1
    with commit():
        assert Book.objects.bulk_update(books[:2], ["price"]) == 2
    objects = recorder.of("update", Book)[0]
    assert [o.changed_values for o in objects] == [{"price": Decimal("0.00")}]


def test_bulk_update_without_change_sends_nothing(recorder, commit, books):
    with commit():
        assert Book.objects.bulk_update(books, ["title"]) == 6
    assert recorder.calls == []


def test_bulk_update_of_no_objects_returns_zero(recorder, commit):
    assert Book.objects.bulk_update([], ["title"]) == 0


def test_bulk_create_reports_created_rows_with_pks(recorder, commit, author):
    with commit():
        created = Book.objects.bulk_create([Book(title=f"n{i}", author=author) for i in range(3)])
    objects = recorder.of("create", Book)[0]
    assert [o.instance for o in objects] == created
    assert all(o.instance.pk for o in objects)


def test_queryset_delete_reports_rows_and_tracked_cascades(recorder, commit, books):
    Chapter.objects.bulk_create([Chapter(book=books[0], number=n) for n in (1, 2)])
    Note.objects.create(book=books[0], text="untracked")
    chapter_pks = set(Chapter.objects.values_list("pk", flat=True))
    with commit():
        _deleted, per_model = Book.objects.filter(pk=books[0].pk).delete()
    assert per_model == {
        "tests_tracking.Book": 1,
        "tests_tracking.Chapter": 2,
        "tests_tracking.Note": 1,
    }
    assert {o.instance.pk for o in recorder.of("delete", Chapter)[0]} == chapter_pks
    assert [o.instance.pk for o in recorder.of("delete", Book)[0]] == [books[0].pk]
    assert recorder.of("delete", Note) == []


def test_model_delete_cascades_into_tracked_models(recorder, commit, books, author):
    with commit():
        author.delete()
    assert len(recorder.of("delete", Book)[0]) == 6
    assert recorder.of("delete", Author)[0][0].instance.name == "Ann"


def test_get_or_create_reports_only_a_create(recorder, commit, author):
    with commit():
        Book.objects.get_or_create(title="g", defaults={"author": author})
        Book.objects.get_or_create(title="g", defaults={"author": author})
    assert len(recorder.of("create", Book)) == 1


def test_update_or_create_reports_create_then_update(recorder, commit, author):
    with commit():
        Book.objects.update_or_create(title="u", defaults={"author": author, "status": "a"})
        Book.objects.update_or_create(title="u", defaults={"author": author, "status": "b"})
    assert len(recorder.of("create", Book)) == 1
    assert recorder.of("update", Book)[0][0].changed_values == {"status": "a"}


def test_a_queryset_alone_tracks_bulk_writes_and_create(recorder, commit):
    with commit():
        task = Task.objects.create(title="t")
        Task.objects.open().update(done=True)
        Task.objects.filter(pk=task.pk).delete()
    assert recorder.of("create", Task)[0][0].instance == task
    assert recorder.of("update", Task)[0][0].changed_values == {"done": False}
    assert recorder.of("delete", Task)[0][0].instance.pk == task.pk


def test_tracked_manager_from_a_plain_queryset_is_tracked(recorder, commit):
    Tag.objects.create(name="a")
    with commit():
        assert Tag.objects.named("a").update(name="b") == 1
    assert recorder.of("update", Tag)[0][0].changed_values == {"name": "a"}


def test_multi_table_inheritance_fields_of_both_tables(recorder, commit):
    magazine = Magazine.objects.create(name="m", issue=1)
    magazine.name = "m2"
    magazine.issue = 2
    with commit():
        magazine.save()
        Magazine.objects.filter(pk=magazine.pk).update(name="m3", issue=3)
    first, second = recorder.of("update", Magazine)
    assert first[0].changed_values == {"name": "m", "issue": 1}
    assert second[0].changed_values == {"name": "m2", "issue": 2}
    assert second[0].instance.name == "m3"


@override_settings(MODELSYNC_AUDIT_MODELS=[])  # the audit trail reads every instance
def test_instance_is_built_lazily_after_queryset_update(recorder, commit, books):
    with commit():
        Book.objects.update(title="same")
    objects = recorder.of("update", Book)[0]
    assert all(o._instance is None for o in objects)  # nothing built yet
    assert objects[0].instance.title == "same"
    assert objects[0]._instance is not None


@override_settings(MODELSYNC_AUDIT_MODELS=[])
def test_pk_is_read_without_building_the_instance(recorder, commit, books):
    with commit():
        Book.objects.update(title="same")
    objects = recorder.of("update", Book)[0]
    assert sorted(o.pk for o in objects) == sorted(b.pk for b in books)
    assert all(o._instance is None for o in objects)


def test_new_values_are_read_from_the_returned_row_without_building_the_instance(
    recorder, commit, books
):
    with commit():
        Book.objects.update(title="renamed")
    objects = recorder.of("update", Book)[0]
    assert {o.new_value("title") for o in objects} == {"renamed"}
    assert sorted(o.new_value("id") for o in objects) == sorted(b.pk for b in books)
    assert all(o._instance is None for o in objects)  # the audit and events read this way too


def test_loading_an_instance_keeps_no_copy_of_its_values(books):
    book = Book.objects.get(pk=books[0].pk)
    attnames = {f.attname for f in Book._meta.concrete_fields}
    assert set(vars(book)) == {"_state", *attnames}  # no snapshot, no tracker
