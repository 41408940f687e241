"""The deal board page and its add forms (server side)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from marketplace.models import BoardCard, BoardColumn

pytestmark = pytest.mark.django_db


def test_board_requires_sign_in() -> None:
    response = Client().get("/board/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_empty_board_offers_starter_columns_in_order() -> None:
    user = User.objects.create_user("u", password="pw-u-12345")
    client = Client()
    client.force_login(user)
    assert b"board-start" in client.get("/board/").content
    client.post("/board/columns/add/")
    assert list(
        BoardColumn.objects.filter(owner=user).order_by("order").values_list("name", "order")
    ) == [("Lead", 0), ("Negotiation", 1), ("Won", 2)]


def test_cards_are_added_at_the_end_and_shown_in_order() -> None:
    user = User.objects.create_user("u", password="pw-u-12345")
    column = BoardColumn.objects.create(owner=user, name="Lead")
    client = Client()
    client.force_login(user)
    client.post("/board/cards/add/", {"column": column.pk, "title": "First"})
    client.post("/board/cards/add/", {"column": column.pk, "title": "Second"})
    assert list(column.cards.order_by("order").values_list("title", "order")) == [
        ("First", 0),
        ("Second", 1),
    ]
    page = client.get("/board/").content.decode()
    assert page.index("First") < page.index("Second")


def test_cards_cannot_be_added_to_someone_elses_column() -> None:
    owner = User.objects.create_user("owner", password="pw-o-12345")
    column = BoardColumn.objects.create(owner=owner, name="Lead")
    client = Client()
    client.force_login(User.objects.create_user("x", password="pw-x-12345"))
    assert client.post("/board/cards/add/", {"column": column.pk}).status_code == 404
    assert not BoardCard.objects.exists()
