"""The usage examples of django-bulk-tracker's documentation, whose API these names keep, run as
written (only the import paths differ).

Its "Complete Example" loops over ``modified_objects``, a name its receiver never defines (its
parameter is ``objects``); that one line is corrected here, the rest is verbatim.
"""

from __future__ import annotations

import pytest
from django.db import models
from django.dispatch import receiver

from modelsync.tracking import (
    BulkTrackerManager,
    BulkTrackerQuerySet,
    ModifiedObject,
    TrackingInfo,
    post_update_signal,
)
from modelsync.tracking.models import BulkTrackerModel

from .models import Author, Book

pytestmark = pytest.mark.django_db(transaction=True)


# ---- "All you need to do is define your Model and inherit from" (documented models, test app) ----
class DocumentedAuthor(BulkTrackerModel):
    first_name = models.CharField(max_length=200)
    last_name = models.CharField(max_length=200)

    class Meta:
        app_label = "tests_tracking"


# ---- "if you have a custom queryset" / "Complete Example" managers.py ----
class MyModelQuerySet(BulkTrackerQuerySet):
    def do_something_custom(self):
        pass


class MyModelManager(BulkTrackerManager.from_queryset(MyModelQuerySet)):  # optional
    pass


def test_usage_receiver_gets_objects_and_tracking_info():
    calls = []

    @receiver(post_update_signal, sender=Book)
    def i_am_a_receiver_function(
        sender,
        objects: list[ModifiedObject[Book]],
        tracking_info_: TrackingInfo | None = None,
        **kwargs,
    ):
        calls.append((objects, tracking_info_))

    try:
        author = Author.objects.create(name="x")
        Book.objects.create(title="john", author=author)
        user = object()
        # "Optionally you can pass tracking_info_ to your functions"
        Book.objects.filter(title="john").update(
            title="jack",
            tracking_info_=TrackingInfo(
                user=user,
                comment="Updated from a function",
                kwargs={"app-build": "1.1.8"},
                is_robust=True,
            ),
        )
    finally:
        post_update_signal.disconnect(i_am_a_receiver_function, sender=Book)
    ((objects, info),) = calls
    assert objects[0].changed_values == {"title": "john"}
    assert objects[0].instance.title == "jack"
    assert (info.user, info.comment, info.kwargs, info.is_robust) == (
        user,
        "Updated from a function",
        {"app-build": "1.1.8"},
        True,
    )


def test_robust_send_example():
    def broken(sender, **kwargs):
        raise RuntimeError("one bad receiver")

    post_update_signal.connect(broken, sender=Book)
    try:
        Book.objects.create(title="john", author=Author.objects.create(name="x"))
        Book.objects.filter(title="john").update(
            title="jack",
            tracking_info_=TrackingInfo(is_robust=True),
        )
    finally:
        post_update_signal.disconnect(broken, sender=Book)
    assert Book.objects.get().title == "jack"


def test_complete_example_manager_and_receiver():
    log = []

    def notify_user():
        log.append("notified")

    @receiver(post_update_signal, sender=Book)
    def i_am_a_receiver_function(
        sender,
        objects: list[ModifiedObject[Book]],
        tracking_info_: TrackingInfo | None = None,
        **kwargs,
    ):
        user = tracking_info_.user if tracking_info_ else None
        for modified_object in objects:  # documented as `modified_objects` (undefined)
            if "title" in modified_object.changed_values:
                log.append(f"field 'name' has changed by {user or ''}")
                notify_user()

    try:
        Book.objects.create(title="a", author=Author.objects.create(name="x"))
        Book.objects.update(title="b", tracking_info_=TrackingInfo(user="ann"))
    finally:
        post_update_signal.disconnect(i_am_a_receiver_function, sender=Book)
    assert log == ["field 'name' has changed by ann", "notified"]


def test_bulk_tracker_manager_classes_are_tracked():
    manager = MyModelManager()
    manager.model = Book
    assert issubclass(manager.get_queryset().__class__, BulkTrackerQuerySet)
    assert hasattr(manager, "do_something_custom")
    assert DocumentedAuthor._meta.abstract is False
    assert isinstance(DocumentedAuthor.objects.all(), BulkTrackerQuerySet)
