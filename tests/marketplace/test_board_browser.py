"""End to end in headless Chromium: drag cards on the deal board, reload, see the new order;
rename a column, delete a card, follow a card to its order."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from marketplace.models import BoardCard, BoardColumn
from tests.marketplace.factories import make_customer, make_order, make_vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(page: Any, live_server: Any, user: User) -> Any:
    """Give the browser the session cookie of ``user`` (no login form needed)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def shown_titles(page: Any, column: BoardColumn) -> list[str]:
    cards = page.locator(f".board-cards[data-column-id='{column.pk}'] .board-card-title")
    return [text.strip() for text in cards.all_inner_texts()]


def stored_titles(column: BoardColumn) -> list[str]:
    return list(column.cards.order_by("order").values_list("title", flat=True))


@pytest.fixture
def board() -> tuple[User, BoardColumn, BoardColumn]:
    user = make_vendor().user
    lead = BoardColumn.objects.create(owner=user, name="Lead")
    won = BoardColumn.objects.create(owner=user, name="Won")
    for title in ("Alpha", "Bravo", "Charlie", "Delta"):
        BoardCard.objects.create(column=lead, title=title)
    for title in ("Echo", "Foxtrot"):
        BoardCard.objects.create(column=won, title=title)
    return user, lead, won


def drag(page: Any, card_title: str, onto: Any) -> None:
    """Drag the card with ``card_title`` onto ``onto`` and wait for the server's answer."""
    page.evaluate("document.getElementById('board').dataset.state = ''")
    page.locator(".board-card", has_text=card_title).drag_to(onto)
    page.wait_for_function(
        "['saved', 'error'].includes(document.getElementById('board').dataset.state)"
    )


def test_drag_within_and_across_columns_persists_after_reload(
    page: Any, live_server: Any, board: tuple[User, BoardColumn, BoardColumn]
) -> None:
    user, lead, won = board
    signed_in_page(page, live_server, user)
    page.goto(f"{live_server.url}/board/")
    assert shown_titles(page, lead) == ["Alpha", "Bravo", "Charlie", "Delta"]

    # Within a column: Delta onto the top half of Alpha -> first.
    alpha = page.locator(".board-card", has_text="Alpha")
    drag(page, "Delta", alpha)
    assert page.inner_text("#board-status") == "Card reordered successfully"
    assert stored_titles(lead) == ["Delta", "Alpha", "Bravo", "Charlie"]

    # Across columns: Bravo onto Foxtrot (before it) in the other column.
    drag(page, "Bravo", page.locator(".board-card", has_text="Foxtrot"))
    assert stored_titles(won) == ["Echo", "Bravo", "Foxtrot"]
    assert stored_titles(lead) == ["Delta", "Alpha", "Charlie"]

    page.reload()
    assert shown_titles(page, lead) == ["Delta", "Alpha", "Charlie"]
    assert shown_titles(page, won) == ["Echo", "Bravo", "Foxtrot"]
    for column in (lead, won):
        orders = sorted(column.cards.values_list("order", flat=True))
        assert orders == list(range(len(orders)))


def test_refused_move_puts_the_card_back(
    page: Any, live_server: Any, board: tuple[User, BoardColumn, BoardColumn]
) -> None:
    user, lead, _ = board
    signed_in_page(page, live_server, user)
    page.goto(f"{live_server.url}/board/")
    # Someone else takes the card away (e.g. it was deleted in another tab).
    BoardCard.objects.filter(title="Charlie").delete()
    drag(page, "Charlie", page.locator(".board-card", has_text="Alpha"))
    assert page.inner_text("#board-status") == "Card not found"
    assert shown_titles(page, lead) == ["Alpha", "Bravo", "Charlie", "Delta"]


def press(page: Any, card_title: str, key: str) -> None:
    """Focus a card, press an arrow key and wait for the server's answer."""
    page.evaluate("document.getElementById('board').dataset.state = ''")
    page.locator(".board-card", has_text=card_title).focus()
    page.keyboard.press(key)
    page.wait_for_function(
        "['saved', 'error'].includes(document.getElementById('board').dataset.state)"
    )


def test_arrow_keys_reorder_without_a_mouse(
    page: Any, live_server: Any, board: tuple[User, BoardColumn, BoardColumn]
) -> None:
    user, lead, won = board
    signed_in_page(page, live_server, user)
    page.goto(f"{live_server.url}/board/")
    press(page, "Charlie", "ArrowUp")
    assert stored_titles(lead) == ["Alpha", "Charlie", "Bravo", "Delta"]
    press(page, "Alpha", "ArrowRight")
    assert stored_titles(won) == ["Echo", "Foxtrot", "Alpha"]
    assert stored_titles(lead) == ["Charlie", "Bravo", "Delta"]
    page.reload()
    assert shown_titles(page, lead) == ["Charlie", "Bravo", "Delta"]
    assert shown_titles(page, won) == ["Echo", "Foxtrot", "Alpha"]


def test_rename_a_column_delete_a_card_and_follow_a_card_to_its_order(
    page: Any, live_server: Any
) -> None:
    vendor = make_vendor()
    order = make_order(make_customer(), vendor)
    lead = BoardColumn.objects.create(owner=vendor.user, name="Lead")
    for title in ("Alpha", "Bravo", "Charlie"):
        BoardCard.objects.create(column=lead, title=title)
    BoardCard.objects.create(column=lead, title="Delta", sales_order=order)
    signed_in_page(page, live_server, vendor.user)
    page.goto(f"{live_server.url}/board/")

    column = page.locator(".board-column", has_text="Lead")
    column.locator("summary", has_text="Edit column").click()
    column.get_by_label("New name of Lead").fill("Prospects")
    column.get_by_role("button", name="Rename").first.click()
    page.wait_for_load_state()
    assert page.inner_text(f"#board-column-{lead.pk}") == "Prospects"
    assert BoardColumn.objects.get(pk=lead.pk).name == "Prospects"

    bravo = page.locator(".board-card", has_text="Bravo")
    bravo.locator("summary").click()
    bravo.get_by_role("button", name="Delete card").click()
    page.wait_for_load_state()
    assert shown_titles(page, lead) == ["Alpha", "Charlie", "Delta"]
    assert list(lead.cards.order_by("order").values_list("title", "order")) == [
        ("Alpha", 0),
        ("Charlie", 1),
        ("Delta", 2),
    ]

    page.locator(".board-card", has_text="Delta").get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/orders/{order.pk}/")
    assert order.order_code in page.inner_text("main")
