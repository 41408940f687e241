"""The deal board page and its forms (server side): who has a board, adding, renaming and
deleting columns and cards, cards linking to their order, bad ids answered with a 4xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from marketplace.models import BoardCard, BoardColumn
from marketplace.web.board_views import can_use_board
from tests.marketplace.factories import make_customer, make_order, make_staff, make_vendor

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(column: BoardColumn) -> list[tuple[str, int]]:
    return list(column.cards.order_by("order").values_list("title", "order"))


@pytest.fixture
def vendor() -> User:
    return make_vendor().user


@pytest.fixture
def lead(vendor: User) -> BoardColumn:
    column = BoardColumn.objects.create(owner=vendor, name="Lead")
    for title in ("A", "B", "C"):
        BoardCard.objects.create(column=column, title=title)
    return column


def test_board_requires_sign_in() -> None:
    response = Client().get("/board/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_and_vendors_use_the_board_shoppers_do_not() -> None:
    staff, vendor, shopper = make_staff(), make_vendor().user, make_customer().user
    assert [can_use_board(user) for user in (staff, vendor, shopper)] == [True, True, False]
    assert signed_in(staff).get("/board/").status_code == 200
    assert signed_in(vendor).get("/board/").status_code == 200
    assert signed_in(shopper).get("/board/").status_code == 403
    assert signed_in(shopper).post("/board/columns/add/").status_code == 403
    assert not BoardColumn.objects.filter(owner=shopper).exists()


def test_empty_board_offers_starter_columns_in_order(vendor: User) -> None:
    client = signed_in(vendor)
    assert b"board-start" in client.get("/board/").content
    client.post("/board/columns/add/")
    assert list(
        BoardColumn.objects.filter(owner=vendor).order_by("order").values_list("name", "order")
    ) == [("Lead", 0), ("Negotiation", 1), ("Won", 2)]


def test_cards_are_added_at_the_end_and_shown_in_order(vendor: User) -> None:
    column = BoardColumn.objects.create(owner=vendor, name="Lead")
    client = signed_in(vendor)
    client.post("/board/cards/add/", {"column": column.pk, "title": "First"})
    client.post("/board/cards/add/", {"column": column.pk, "title": "Second"})
    assert titles(column) == [("First", 0), ("Second", 1)]
    page = client.get("/board/").content.decode()
    assert page.index("First") < page.index("Second")


def test_cards_cannot_be_added_to_someone_elses_column(lead: BoardColumn) -> None:
    client = signed_in(make_vendor().user)
    assert client.post("/board/cards/add/", {"column": lead.pk}).status_code == 404
    assert lead.cards.count() == 3


@pytest.mark.parametrize(
    "column", ["\u00b2", "\u0661", "\U0001d7cf", "1.5", "-1", "", "123456789012345678901"]
)
def test_a_malformed_column_id_in_the_add_form_is_a_400(vendor: User, column: str) -> None:
    BoardColumn.objects.create(owner=vendor, name="Lead")
    response = signed_in(vendor).post("/board/cards/add/", {"column": column, "title": "X"})
    assert response.status_code == 400
    assert not BoardCard.objects.exists()


def test_a_card_links_to_its_order_and_the_order_page_opens() -> None:
    vendor = make_vendor()
    order = make_order(make_customer(), vendor)
    column = BoardColumn.objects.create(owner=vendor.user, name="Lead")
    client = signed_in(vendor.user)
    client.post(
        "/board/cards/add/", {"column": column.pk, "title": "Deal", "order_code": order.order_code}
    )
    card = column.cards.get()
    assert card.sales_order_id == order.pk
    page = client.get("/board/").content.decode()
    assert f'href="/orders/{order.pk}/"' in page
    assert client.get(f"/orders/{order.pk}/").status_code == 200


def test_a_card_cannot_link_to_an_order_the_user_cannot_open() -> None:
    vendor = make_vendor()
    theirs = make_order(make_customer(), make_vendor())
    column = BoardColumn.objects.create(owner=vendor.user, name="Lead")
    response = signed_in(vendor.user).post(
        "/board/cards/add/", {"column": column.pk, "order_code": theirs.order_code}
    )
    assert response.status_code == 400
    assert not column.cards.exists()


def test_rename_a_column_and_a_card(vendor: User, lead: BoardColumn) -> None:
    client = signed_in(vendor)
    card = lead.cards.get(title="B")
    assert (
        client.post(f"/board/columns/{lead.pk}/rename/", {"name": " Prospects "}).status_code == 302
    )
    assert client.post(f"/board/cards/{card.pk}/rename/", {"title": "Big deal"}).status_code == 302
    lead.refresh_from_db()
    assert lead.name == "Prospects"
    assert titles(lead) == [("A", 0), ("Big deal", 1), ("C", 2)]


@pytest.mark.parametrize(("field", "value"), [("name", ""), ("name", "   "), ("name", "x" * 101)])
def test_a_blank_or_too_long_name_is_a_400(
    vendor: User, lead: BoardColumn, field: str, value: str
) -> None:
    response = signed_in(vendor).post(f"/board/columns/{lead.pk}/rename/", {field: value})
    assert response.status_code == 400
    lead.refresh_from_db()
    assert lead.name == "Lead"


def test_deleting_a_card_closes_the_gap(vendor: User, lead: BoardColumn) -> None:
    card = lead.cards.get(title="A")
    assert signed_in(vendor).post(f"/board/cards/{card.pk}/delete/").status_code == 302
    assert titles(lead) == [("B", 0), ("C", 1)]


def test_deleting_a_column_deletes_its_cards_and_closes_the_gap(
    vendor: User, lead: BoardColumn
) -> None:
    won = BoardColumn.objects.create(owner=vendor, name="Won")
    lost = BoardColumn.objects.create(owner=vendor, name="Lost")
    assert signed_in(vendor).post(f"/board/columns/{lead.pk}/delete/").status_code == 302
    assert not BoardCard.objects.filter(column_id=lead.pk).exists()
    assert list(
        BoardColumn.objects.filter(owner=vendor).order_by("order").values_list("pk", "order")
    ) == [(won.pk, 0), (lost.pk, 1)]


@pytest.mark.parametrize(
    "path",
    [
        "/board/columns/{column}/rename/",
        "/board/columns/{column}/delete/",
        "/board/cards/{card}/rename/",
        "/board/cards/{card}/delete/",
    ],
)
def test_someone_elses_column_or_card_is_a_404_and_stays(lead: BoardColumn, path: str) -> None:
    card = lead.cards.get(title="A")
    client = signed_in(make_vendor().user)
    response = client.post(path.format(column=lead.pk, card=card.pk), {"name": "x", "title": "x"})
    assert response.status_code == 404
    assert BoardColumn.objects.filter(pk=lead.pk, name="Lead").exists()
    assert titles(lead) == [("A", 0), ("B", 1), ("C", 2)]


@pytest.mark.parametrize("pk", ["99999999999999999999", "\u0661", "-1", "1.5"])
def test_a_malformed_id_in_a_form_path_is_a_404_never_a_500(vendor: User, pk: str) -> None:
    client = signed_in(vendor)
    for path in (f"/board/cards/{pk}/delete/", f"/board/columns/{pk}/rename/"):
        assert client.post(path, {"name": "x"}).status_code == 404


def test_the_board_page_costs_a_constant_number_of_queries(
    vendor: User, lead: BoardColumn, django_assert_num_queries: Any
) -> None:
    vendor_profile = vendor.vendor_profile
    for i in range(10):
        BoardCard.objects.create(
            column=lead, title=f"o{i}", sales_order=make_order(make_customer(), vendor_profile)
        )
    client = signed_in(vendor)
    # session, user, vendor and customer profiles (access check, navigation), columns, cards,
    # their orders: the same for 10 cards as for 1000
    with django_assert_num_queries(7):
        assert client.get("/board/").status_code == 200
