"""Each private Django API the library relies on, pinned: a Django release that changes one
fails here first, naming the API, instead of somewhere deep in a tracked write."""

from __future__ import annotations

import inspect

import django
import pytest
from django.db import NotSupportedError
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector

from modelsync import compat
from tests.tracking.models import Author, Book, Note

pytestmark = pytest.mark.django_db


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_do_update_takes_the_arguments_tracked_save_reads():
    expected = ["self", "base_qs", "using", "pk_val", "values", "update_fields", "forced_update"]
    if django.VERSION >= (6, 0):
        expected.append("returning_fields")
    assert _parameters(Model._do_update) == expected
    assert compat.SAVE_UPDATE_RETURNS_ROWS is (django.VERSION >= (6, 0))


def test_save_update_result_is_what_save_expects_of_do_update():
    if compat.SAVE_UPDATE_RETURNS_ROWS:
        assert compat.save_update_result(0, [], []) == []
        assert compat.save_update_result(1, [], []) == [()]
        assert compat.save_update_result(1, [5], ["field"]) == [(5,)]  # type: ignore[list-item]
    else:
        assert compat.save_update_result(0, [], None) is False
        assert compat.save_update_result(1, [], None) is True


def test_do_insert_takes_the_arguments_tracked_save_passes_on():
    assert _parameters(Model._do_insert) == [
        "self",
        "manager",
        "using",
        "fields",
        "returning_fields",
        "raw",
    ]


def test_is_pk_set_tells_saved_from_unsaved_instances():
    author = Author.objects.create(name="a")
    assert compat.is_pk_set(author) is True
    assert compat.is_pk_set(Author(name="b")) is False


def test_prepare_related_fields_for_save_refuses_unsaved_related_objects():
    book = Book(title="t", author=Author(name="unsaved"))
    with pytest.raises(ValueError, match="unsaved related object 'author'"):
        compat.prepare_related_fields_for_save(
            book, "bulk_update", [Book._meta.get_field("author")]
        )


def test_not_support_combined_queries_refuses_a_union_with_djangos_message():
    union = Author.objects.all().union(Author.objects.all())
    with pytest.raises(NotSupportedError, match=r"QuerySet\.update\(\) after union\(\)"):
        compat.not_support_combined_queries(union, "update")
    compat.not_support_combined_queries(Author.objects.all(), "update")  # no error


def test_chain_copies_a_queryset_leaving_the_original_untouched():
    original = Author.objects.filter(name="a")
    copy = compat.chain(original)
    copy.query.clear_ordering(force=True)
    copy.query.select_related = True
    assert copy is not original and original.query.select_related is False


def test_mark_for_write_routes_the_queryset_as_a_write():
    queryset = QuerySet(Author)
    assert queryset._for_write is False  # type: ignore[attr-defined]
    compat.mark_for_write(queryset)
    assert queryset._for_write is True  # type: ignore[attr-defined]


def test_forget_results_makes_the_next_read_hit_the_database():
    Author.objects.create(name="a")
    queryset = Author.objects.all()
    assert len(queryset) == 1
    Author.objects.create(name="b")
    assert len(queryset) == 1  # cached
    compat.forget_results(queryset)
    assert len(queryset) == 2


def test_selects_values_tells_values_querysets_apart():
    assert compat.selects_values(Author.objects.values("name"))
    assert compat.selects_values(Author.objects.values_list("name"))
    assert not compat.selects_values(Author.objects.all())


def test_collector_asks_has_signal_listeners_before_fast_deleting():
    assert "_has_signal_listeners" in vars(Collector)

    class Listening(compat.ListeningCollector):
        def listens(self, model: type[Model]) -> bool:
            return model is Note

    notes = Note.objects.all()
    assert compat.ListeningCollector(using="default", origin=None).can_fast_delete(notes)
    assert not Listening(using="default", origin=None).can_fast_delete(notes)


def test_queryset_hooks_overridden_by_remote_querysets_keep_their_signatures():
    # modelsync.remote's queryset overrides these three to carry its remote query along.
    assert _parameters(QuerySet._clone) == ["self"]
    assert _parameters(QuerySet._filter_or_exclude) == ["self", "negate", "args", "kwargs"]
    assert _parameters(QuerySet._fetch_all) == ["self"]
