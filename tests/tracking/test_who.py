""" "Who did it": explicit tracking_info_, ``with tracking(...)``, the middleware; per thread
and per asyncio task."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from modelsync.tracking import TrackingInfo, current_tracking_info, tracking
from modelsync.tracking.middleware import TrackingMiddleware

from .models import Author, Book

pytestmark = pytest.mark.django_db(transaction=True)


def _retitle(pk: int, title: str) -> None:
    """The ORM write an async view makes (in a worker thread, which closes its connection)."""
    try:
        Book.objects.filter(pk=pk).update(title=title)
    finally:
        connection.close()


@pytest.fixture
def book() -> Book:
    return Book.objects.create(title="t", author=Author.objects.create(name="a"))


def test_tracking_block_reaches_the_receivers(book, recorder):
    with tracking(user="ann", comment="import", kwargs={"build": 7}):
        Book.objects.update(title="u")
    (info,) = recorder.infos()
    assert (info.user, info.comment, info.kwargs) == ("ann", "import", {"build": 7})


def test_explicit_tracking_info_wins_over_the_block(book, recorder):
    with tracking(user="ann"):
        Book.objects.update(title="u", tracking_info_=TrackingInfo(user="bob"))
        book.title = "v"
        book.save()
    assert [i.user for i in recorder.infos()] == ["bob", "ann"]


def test_inner_block_wins_and_outer_comes_back(book):
    assert current_tracking_info() is None
    with tracking(user="outer"):
        with tracking(user="inner"):
            assert current_tracking_info().user == "inner"
        assert current_tracking_info().user == "outer"
    assert current_tracking_info() is None


def test_explicit_info_applies_to_the_cascade_it_causes(book, recorder):
    book.author.delete(tracking_info_=TrackingInfo(comment="cleanup"))
    assert {i.comment for i in recorder.infos()} == {"cleanup"}
    assert len(recorder.of("delete", Book)) == 1


def test_each_thread_has_its_own_author(book, recorder):
    started = threading.Barrier(2)
    seen: dict[str, object] = {}

    def work(name: str) -> None:
        with tracking(user=name):
            started.wait()  # both blocks are open at the same time
            seen[name] = current_tracking_info().user

    threads = [threading.Thread(target=work, args=(n,)) for n in ("t1", "t2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"t1": "t1", "t2": "t2"}
    assert current_tracking_info() is None


def test_each_asyncio_task_has_its_own_author(book, recorder):
    async def work(name: str, pause: float) -> str:
        with tracking(user=name):
            await asyncio.sleep(pause)
            await sync_to_async(_retitle)(book.pk, name)
            return current_tracking_info().user

    async def main() -> list[str]:
        return await asyncio.gather(work("a1", 0.05), work("a2", 0.0))

    assert asyncio.run(main()) == ["a1", "a2"]
    assert [i.user for i in recorder.infos()] == ["a2", "a1"]


def test_middleware_attributes_writes_to_the_request_user(book, recorder):
    user = User.objects.create_user("mia")

    def view(request):
        Book.objects.update(title="by view")
        return HttpResponse("ok")

    request = RequestFactory().post("/")
    request.user = user
    assert TrackingMiddleware(view)(request).status_code == 200
    assert [i.user for i in recorder.infos()] == [user]
    assert current_tracking_info() is None  # nothing leaks out of the request


def test_middleware_counts_anonymous_visitors_as_nobody(book, recorder):
    def view(request):
        Book.objects.update(title="anon")
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    TrackingMiddleware(view)(request)
    assert [i.user for i in recorder.infos()] == [None]


def test_a_tracking_block_in_a_view_wins_over_the_middleware(book, recorder):
    user = User.objects.create_user("mia")

    def view(request):
        with tracking(user="job", comment="from view"):
            Book.objects.update(title="x")
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = user
    TrackingMiddleware(view)(request)
    assert [i.user for i in recorder.infos()] == ["job"]


def test_middleware_serves_async_views_with_their_own_user(book, recorder):
    users = [User.objects.create_user(n) for n in ("u1", "u2")]

    async def view(request):
        await asyncio.sleep(0.05 if request.user.username == "u1" else 0)
        await sync_to_async(_retitle)(book.pk, request.user.username)
        return HttpResponse("ok")

    middleware = TrackingMiddleware(view)
    assert asyncio.iscoroutinefunction(middleware)

    async def main() -> None:
        requests = []
        for user in users:
            request = RequestFactory().get("/")
            request.user = user
            requests.append(middleware(request))
        await asyncio.gather(*requests)

    asyncio.run(main())
    assert [i.user.username for i in recorder.infos()] == ["u2", "u1"]
