"""First end-to-end check of every write kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from modelsync.tracking import TrackingInfo

from .models import Author, Book, Chapter, Magazine, Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_write_kind_reports(recorder):
    author = Author.objects.create(name="a")
    book = Book.objects.create(title="t", author=author, price=Decimal("1.50"))
    assert [len(o) for o in recorder.of("create")] == [1, 1]
    book.title = "t2"
    book.save()
    (objs,) = recorder.of("update")
    assert objs[0].changed_values == {"title": "t"}
    assert objs[0].instance is book
    n = Book.objects.filter(title="t2").update(title="t3", tracking_info_=TrackingInfo(comment="c"))
    assert n == 1
    objs = recorder.of("update")[-1]
    assert objs[0].changed_values == {"title": "t2"}
    assert objs[0].instance.title == "t3"
    assert objs[0].changes == {"title": ("t2", "t3")}
    assert recorder.infos()[-1].comment == "c"
    book.price = Decimal("2.00")
    book.status = "x"
    assert Book.objects.bulk_update([book], ["price", "status"]) == 1
    objs = recorder.of("update")[-1]
    assert objs[0].changed_values == {"price": Decimal("1.50"), "status": "draft"}
    Chapter.objects.bulk_create([Chapter(book=book, number=1), Chapter(book=book, number=2)])
    assert len(recorder.of("create", Chapter)[-1]) == 2
    Book.objects.filter(pk=book.pk).delete()
    assert len(recorder.of("delete", Chapter)[-1]) == 2
    assert recorder.of("delete", Book)[-1][0].instance.pk == book.pk
    t = Task.objects.create(title="x")
    Task.objects.open().update(done=True)
    assert recorder.of("update", Task)[-1][0].changed_values == {"done": False}
    assert t.pk
    m = Magazine.objects.create(name="m", issue=1)
    m.name = "m2"
    m.issue = 2
    m.save()
    assert recorder.of("update", Magazine)[-1][0].changed_values == {"name": "m", "issue": 1}
    Magazine.objects.filter(pk=m.pk).update(name="m3")
    assert recorder.of("update", Magazine)[-1][0].changed_values == {"name": "m2"}
