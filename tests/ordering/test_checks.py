"""System checks modelsync.E040 to E043, registered by the modelsync.ordering app."""

from __future__ import annotations

from typing import ClassVar

from django.core import checks
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps

from modelsync.ordering.checks import check_model, check_models, check_settings
from modelsync.ordering.models import OrderingModelMixin
from tests.ordering.models import Track


def ids(errors: list) -> list[str]:  # type: ignore[type-arg]
    return [error.id for error in errors]


def test_valid_models_have_no_errors() -> None:
    assert check_model(Track) == []
    assert check_models() == []


def test_the_app_registers_its_checks_with_tags() -> None:
    assert checks.registry.registry.tag_exists(checks.Tags.models)
    registered = checks.registry.registry.get_checks()
    assert check_settings in registered
    assert check_models in registered
    assert checks.Tags.compatibility in check_settings.tags  # type: ignore[attr-defined]
    assert checks.Tags.models in check_models.tags  # type: ignore[attr-defined]


@override_settings(MODELSYNC_ORDERING_LOCK_NAMESPACE="ordering")
def test_lock_namespace_must_be_an_int32() -> None:
    errors = check_settings()
    assert ids(errors) == ["modelsync.E040"]
    assert "'ordering'" in errors[0].msg


@override_settings(MODELSYNC_ORDERING_LOCK_NAMESPACE=1 << 40)
def test_lock_namespace_out_of_range() -> None:
    assert ids(check_settings()) == ["modelsync.E040"]


@isolate_apps("tests.ordering")
def test_scope_must_be_a_tuple_of_names() -> None:
    class BadScope(OrderingModelMixin):
        ordering_scope: ClassVar = "playlist"  # type: ignore[assignment]

    assert ids(check_model(BadScope)) == ["modelsync.E041"]


@isolate_apps("tests.ordering")
def test_scope_must_name_concrete_fields() -> None:
    class Missing(OrderingModelMixin):
        name = models.CharField(max_length=10)
        ordering_scope = ("playlist",)

    errors = check_model(Missing)
    assert ids(errors) == ["modelsync.E042"]
    assert "'playlist'" in errors[0].msg


@isolate_apps("tests.ordering")
def test_order_must_stay_an_integer_field() -> None:
    class TextOrder(OrderingModelMixin):
        order = models.CharField(max_length=10)  # type: ignore[assignment]

    assert ids(check_model(TextOrder)) == ["modelsync.E043"]
