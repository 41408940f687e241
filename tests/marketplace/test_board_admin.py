"""Reordering the deal board in the Django admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from marketplace.models import BoardCard, BoardColumn

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_board() -> tuple[Client, BoardColumn]:
    admin = User.objects.create_superuser("boss", "boss@example.com", "pw-boss-123")
    column = BoardColumn.objects.create(owner=admin, name="Lead")
    for title in ("A", "B", "C", "D"):
        BoardCard.objects.create(column=column, title=title)
    client = Client()
    client.force_login(admin)
    return client, column


def titles(column: BoardColumn) -> list[str]:
    return list(column.cards.order_by("order").values_list("title", flat=True))


@pytest.mark.parametrize(
    ("title", "where", "expected"),
    [
        ("C", "up", ["A", "C", "B", "D"]),
        ("B", "down", ["A", "C", "B", "D"]),
        ("D", "top", ["D", "A", "B", "C"]),
        ("A", "bottom", ["B", "C", "D", "A"]),
        ("A", "up", ["A", "B", "C", "D"]),
        ("D", "down", ["A", "B", "C", "D"]),
    ],
)
def test_move_buttons_reorder_cards(
    admin_client_with_board: tuple[Client, BoardColumn], title: str, where: str, expected: list[str]
) -> None:
    client, column = admin_client_with_board
    card = column.cards.get(title=title)
    response = client.post(f"/admin/marketplace/boardcard/{card.pk}/move/{where}/")
    assert response.status_code == 302
    assert titles(column) == expected


def test_change_list_shows_move_buttons_posting_to_the_move_view(
    admin_client_with_board: tuple[Client, BoardColumn],
) -> None:
    client, column = admin_client_with_board
    card = column.cards.get(title="B")
    page = client.get("/admin/marketplace/boardcard/").content.decode()
    assert f'formaction="/admin/marketplace/boardcard/{card.pk}/move/up/"' in page


def test_move_needs_post_and_a_known_direction(
    admin_client_with_board: tuple[Client, BoardColumn],
) -> None:
    client, column = admin_client_with_board
    card = column.cards.get(title="B")
    assert client.get(f"/admin/marketplace/boardcard/{card.pk}/move/up/").status_code == 405
    assert client.post(f"/admin/marketplace/boardcard/{card.pk}/move/left/").status_code == 404
    assert titles(column) == ["A", "B", "C", "D"]


def test_staff_without_change_permission_cannot_move(
    admin_client_with_board: tuple[Client, BoardColumn],
) -> None:
    _, column = admin_client_with_board
    staff = User.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    client = Client()
    client.force_login(staff)
    card = column.cards.get(title="C")
    response = client.post(f"/admin/marketplace/boardcard/{card.pk}/move/top/")
    assert response.status_code == 403
    assert titles(column) == ["A", "B", "C", "D"]


def test_changing_the_column_in_the_admin_appends_the_card(
    admin_client_with_board: tuple[Client, BoardColumn],
) -> None:
    client, lead = admin_client_with_board
    won = BoardColumn.objects.create(owner=lead.owner, name="Won")
    BoardCard.objects.create(column=won, title="W")
    card = lead.cards.get(title="B")
    response = client.post(
        f"/admin/marketplace/boardcard/{card.pk}/change/",
        {"column": won.pk, "title": "B", "notes": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    assert titles(won) == ["W", "B"]
    assert titles(lead) == ["A", "C", "D"]
    assert sorted(lead.cards.values_list("order", flat=True)) == [0, 1, 2]


def test_normalize_action_repairs_a_broken_column(
    admin_client_with_board: tuple[Client, BoardColumn],
) -> None:
    client, column = admin_client_with_board
    BoardCard.objects.filter(column=column, title="A").update(order=40)
    card = column.cards.get(title="B")
    response = client.post(
        "/admin/marketplace/boardcard/",
        {"action": "normalize_lists", "_selected_action": [card.pk]},
    )
    assert response.status_code == 302
    assert titles(column) == ["B", "C", "D", "A"]
    assert sorted(column.cards.values_list("order", flat=True)) == [0, 1, 2, 3]


def test_columns_move_among_their_owners_columns(
    admin_client_with_board: tuple[Client, BoardColumn],
) -> None:
    client, lead = admin_client_with_board
    won = BoardColumn.objects.create(owner=lead.owner, name="Won")
    client.post(f"/admin/marketplace/boardcolumn/{won.pk}/move/top/")
    assert list(
        BoardColumn.objects.filter(owner=lead.owner)
        .order_by("order")
        .values_list("name", flat=True)
    ) == ["Won", "Lead"]
