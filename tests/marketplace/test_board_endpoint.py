"""The deal board's JSON reorder endpoints: success, 404, 400, 403 and CSRF; bad ids are a 4xx,
never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from marketplace.models import BoardCard, BoardColumn
from tests.marketplace.factories import make_customer, make_staff, make_vendor

pytestmark = pytest.mark.django_db


def titles(column: BoardColumn) -> list[str]:
    return list(column.cards.order_by("order").values_list("title", flat=True))


def dense(column: BoardColumn) -> bool:
    orders = sorted(column.cards.values_list("order", flat=True))
    return orders == list(range(len(orders)))


@pytest.fixture
def owner() -> User:
    """A vendor: the board is for staff and vendors."""
    return make_vendor().user


@pytest.fixture
def columns(owner: User) -> list[BoardColumn]:
    result = []
    for name in ("Lead", "Won"):
        column = BoardColumn.objects.create(owner=owner, name=name)
        for i in range(3):
            BoardCard.objects.create(column=column, title=f"{name}{i}")
        result.append(column)
    return result


@pytest.fixture
def owner_client(owner: User) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def url(card: BoardCard | int, order: int) -> str:
    pk = card if isinstance(card, int) else card.pk
    return f"/board/cards/{pk}/reorder/{order}/"


def test_reorder_within_a_column(owner_client: Client, columns: list[BoardColumn]) -> None:
    lead = columns[0]
    card = lead.cards.get(title="Lead2")
    response = owner_client.post(url(card, 0))
    assert response.status_code == 200
    assert response.json() == {"type": "success", "message": "Card reordered successfully"}
    assert titles(lead) == ["Lead2", "Lead0", "Lead1"]


def test_reorder_across_columns(owner_client: Client, columns: list[BoardColumn]) -> None:
    lead, won = columns
    card = lead.cards.get(title="Lead0")
    response = owner_client.post(url(card, 1), {"column": won.pk})
    assert response.status_code == 200, response.content
    assert titles(won) == ["Won0", "Lead0", "Won1", "Won2"]
    assert titles(lead) == ["Lead1", "Lead2"]
    assert dense(lead) and dense(won)


def test_unknown_card_is_a_404(owner_client: Client, columns: list[BoardColumn]) -> None:
    response = owner_client.post(url(999_999, 0))
    assert response.status_code == 404
    assert response.json() == {"type": "error", "message": "Card not found"}


def test_unknown_column_is_a_404(owner_client: Client, columns: list[BoardColumn]) -> None:
    card = columns[0].cards.first()
    assert card is not None
    response = owner_client.post(url(card, 0), {"column": 999_999})
    assert response.status_code == 404
    assert response.json() == {"type": "error", "message": "Column not found"}


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (99, "Position must be less than the number of destination objects."),
        (-1, "Position must be a positive number."),
    ],
)
def test_invalid_position_is_a_400_with_the_validation_messages(
    owner_client: Client, columns: list[BoardColumn], order: int, message: str
) -> None:
    lead = columns[0]
    card = lead.cards.get(title="Lead0")
    response = owner_client.post(url(card, order))
    assert response.status_code == 400
    assert response.json() == {
        "type": "error",
        "message": "Ordering validation failed.",
        "errors": [message],
    }
    assert titles(lead) == ["Lead0", "Lead1", "Lead2"]


def test_position_past_the_end_of_another_column_changes_nothing(
    owner_client: Client, columns: list[BoardColumn]
) -> None:
    lead, won = columns
    card = lead.cards.get(title="Lead0")
    response = owner_client.post(url(card, 4), {"column": won.pk})
    assert response.status_code == 400
    assert titles(lead) == ["Lead0", "Lead1", "Lead2"]
    assert titles(won) == ["Won0", "Won1", "Won2"]


@pytest.mark.parametrize(
    "column", ["won", "\u00b2", "\u0661", "\uff11", "1.5", "-1", "0", "", "99999999999999999999"]
)
def test_a_malformed_column_id_is_a_400_naming_it_and_changes_nothing(
    owner_client: Client, columns: list[BoardColumn], column: str
) -> None:
    lead, won = columns
    card = lead.cards.get(title="Lead0")
    response = owner_client.post(url(card, 0), {"column": column})
    assert response.status_code == 400
    assert response.json()["type"] == "error"
    assert response.json()["message"].startswith("column must be a positive integer id")
    assert titles(lead) == ["Lead0", "Lead1", "Lead2"]
    assert titles(won) == ["Won0", "Won1", "Won2"]


@pytest.mark.parametrize("pk", [10**20, 2**63])
def test_a_card_id_out_of_the_databases_range_is_a_404(
    owner_client: Client, columns: list[BoardColumn], pk: int
) -> None:
    response = owner_client.post(f"/board/cards/{pk}/reorder/0/")
    assert response.status_code == 404
    assert response.json()["type"] == "error"
    response = owner_client.post(f"/board/columns/{pk}/reorder/0/")
    assert response.status_code == 404


def test_a_position_beyond_any_integer_column_is_a_400(
    owner_client: Client, columns: list[BoardColumn]
) -> None:
    card = columns[0].cards.get(title="Lead0")
    response = owner_client.post(url(card, 10**21))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "Position must be less than the number of destination objects."
    ]


def test_a_float_position_matches_no_route(
    owner_client: Client, columns: list[BoardColumn]
) -> None:
    card = columns[0].cards.get(title="Lead0")
    assert owner_client.post(f"/board/cards/{card.pk}/reorder/1.5/").status_code == 404


def test_a_shopper_has_no_board(columns: list[BoardColumn]) -> None:
    client = Client()
    client.force_login(make_customer().user)
    card = columns[0].cards.get(title="Lead2")
    response = client.post(url(card, 0))
    assert response.status_code == 403
    assert response.json()["type"] == "error"
    assert titles(columns[0]) == ["Lead0", "Lead1", "Lead2"]


def test_only_the_owner_may_reorder(columns: list[BoardColumn]) -> None:
    intruder = make_vendor().user
    client = Client()
    client.force_login(intruder)
    card = columns[0].cards.get(title="Lead2")
    response = client.post(url(card, 0))
    assert response.status_code == 403
    assert response.json()["type"] == "error"
    assert titles(columns[0]) == ["Lead0", "Lead1", "Lead2"]


def test_cannot_move_a_card_into_someone_elses_column(
    owner_client: Client, columns: list[BoardColumn]
) -> None:
    other = make_vendor().user
    foreign = BoardColumn.objects.create(owner=other, name="Theirs")
    card = columns[0].cards.get(title="Lead0")
    response = owner_client.post(url(card, 0), {"column": foreign.pk})
    assert response.status_code == 403
    assert not foreign.cards.exists()


def test_anonymous_is_refused(columns: list[BoardColumn]) -> None:
    card = columns[0].cards.first()
    assert card is not None
    response = Client().post(url(card, 0))
    assert response.status_code == 403
    assert response.json()["type"] == "error"


def test_get_is_not_allowed(owner_client: Client, columns: list[BoardColumn]) -> None:
    card = columns[0].cards.first()
    assert card is not None
    assert owner_client.get(url(card, 0)).status_code == 405


def test_csrf_token_is_required(owner: User, columns: list[BoardColumn]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    card = columns[0].cards.get(title="Lead2")
    assert client.post(url(card, 0)).status_code == 403
    assert titles(columns[0]) == ["Lead0", "Lead1", "Lead2"]
    # With the token of the board page, the same request succeeds.
    client.get("/board/")
    token = client.cookies["csrftoken"].value
    response = client.post(url(card, 0), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert titles(columns[0]) == ["Lead2", "Lead0", "Lead1"]


def test_reorder_columns(owner_client: Client, columns: list[BoardColumn], owner: User) -> None:
    won = columns[1]
    response = owner_client.post(f"/board/columns/{won.pk}/reorder/0/")
    assert response.status_code == 200
    names = BoardColumn.objects.filter(owner=owner).order_by("order")
    assert [c.name for c in names] == ["Won", "Lead"]


def test_reorder_costs_a_constant_number_of_statements(
    owner_client: Client, columns: list[BoardColumn], django_assert_num_queries: Any
) -> None:
    lead, won = columns
    for i in range(50):
        BoardCard.objects.create(column=won, title=f"extra{i}")
    card = lead.cards.get(title="Lead0")
    # session, user, the user's vendor profile, card, target column; then the move: lock and
    # read (one round trip), one UPDATE of both columns, the card's save of its new column.
    with django_assert_num_queries(8):
        response = owner_client.post(url(card, 10), {"column": won.pk})
    assert response.status_code == 200
    assert dense(won) and dense(lead)


def test_reorder_someone_elses_column_is_a_403_and_an_unknown_one_a_404(
    columns: list[BoardColumn], owner: User
) -> None:
    client = Client()
    client.force_login(make_vendor().user)
    won = columns[1]
    assert client.post(f"/board/columns/{won.pk}/reorder/0/").status_code == 403
    assert client.post("/board/columns/999999/reorder/0/").json() == {
        "type": "error",
        "message": "Column not found",
    }
    assert [c.name for c in BoardColumn.objects.filter(owner=owner).order_by("order")] == [
        "Lead",
        "Won",
    ]


def test_staff_reorder_their_own_board(db: None) -> None:
    staff = make_staff()
    column = BoardColumn.objects.create(owner=staff, name="Lead")
    BoardCard.objects.create(column=column, title="A")
    second = BoardCard.objects.create(column=column, title="B")
    client = Client()
    client.force_login(staff)
    assert client.post(url(second, 0)).status_code == 200
    assert titles(column) == ["B", "A"]
