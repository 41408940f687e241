"""Bad input fails clearly, with Django's own errors where Django already has one."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from .models import Author, Book, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> Book:
    return Book.objects.create(title="t", author=Author.objects.create(name="a"))


WRITES = {
    "create": lambda book, info: Book.objects.create(
        title="n", author=book.author, tracking_info_=info
    ),
    "save": lambda book, info: book.save(tracking_info_=info),
    "delete": lambda book, info: book.delete(tracking_info_=info),
    "update": lambda book, info: Book.objects.update(title="x", tracking_info_=info),
    "bulk_update": lambda book, info: Book.objects.bulk_update(
        [book], ["title"], tracking_info_=info
    ),
    "bulk_create": lambda book, info: Book.objects.bulk_create(
        [Book(title="n", author=book.author)], tracking_info_=info
    ),
    "qs.delete": lambda book, info: Book.objects.all().delete(tracking_info_=info),
    "get_or_create": lambda book, info: Book.objects.get_or_create(
        title="n", defaults={"author": book.author}, tracking_info_=info
    ),
    "update_or_create": lambda book, info: Book.objects.update_or_create(
        title="n", defaults={"author": book.author}, tracking_info_=info
    ),
    "queryset-only create": lambda book, info: Task.objects.create(title="t", tracking_info_=info),
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("with_receiver", [True, False])
def test_tracking_info_of_the_wrong_type_is_a_type_error_naming_it(
    write, with_receiver, book, request
):
    if with_receiver:
        request.getfixturevalue("recorder")
    with pytest.raises(TypeError, match=r"tracking_info_ must be a TrackingInfo or None, not dict"):
        WRITES[write](book, {"user": "me"})
    assert list(Book.objects.values_list("title", flat=True)) == ["t"]  # nothing written


def test_unknown_field_in_update_raises_djangos_error(recorder, book):
    with pytest.raises(FieldDoesNotExist, match="Book has no field named 'nope'"):
        Book.objects.update(nope=1)


@pytest.mark.parametrize("kwargs", [{"chapters": None}, {"author__name": "x"}, {"pk__gt": 1}])
def test_bad_update_arguments_raise_exactly_what_django_raises(book, recorder, kwargs):
    with pytest.raises(Exception) as plain:
        QuerySet(Book).update(**kwargs)
    with pytest.raises(type(plain.value)) as tracked:
        Book.objects.update(**kwargs)
    assert str(tracked.value) == str(plain.value)


def test_unknown_field_in_bulk_update_raises_djangos_error(recorder, book):
    with pytest.raises(FieldDoesNotExist, match="Book has no field named 'nope'"):
        Book.objects.bulk_update([book], ["nope"])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: Book.objects.bulk_update([b], []), "Field names must be given"),
        (lambda b: Book.objects.bulk_update([b], ["id"]), "cannot be used with primary key"),
        (lambda b: Book.objects.bulk_update([b], ["chapters"]), "only be used with concrete"),
        (lambda b: Book.objects.bulk_update([b], ["title"], batch_size=0), "Batch size must"),
        (
            lambda b: Book.objects.bulk_update([Book(title="x")], ["title"]),
            "must have a primary key set",
        ),
    ],
)
def test_bulk_update_validation_matches_django(recorder, book, call, message):
    with pytest.raises(ValueError, match=message):
        call(book)


def test_update_of_a_sliced_queryset_raises_djangos_error(recorder, book):
    with pytest.raises(TypeError, match="Cannot update a query once a slice has been taken"):
        Book.objects.all()[:1].update(title="x")


def test_middleware_before_authentication_fails_the_system_check(settings):
    from modelsync.tracking.checks import check_middleware_order

    assert check_middleware_order() == []
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "modelsync.tracking.middleware.TrackingMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
    (error,) = check_middleware_order()
    assert error.id == "modelsync.E001"
    assert "AuthenticationMiddleware" in error.hint
