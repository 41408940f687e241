"""The deal board: each user's columns of cards, reordered by drag and drop.

Columns are ordered among their owner's columns, cards within their column; both lists are
kept dense by :mod:`modelsync.ordering`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from modelsync.ordering.models import OrderingModelMixin

__all__ = ["STARTER_COLUMNS", "BoardCard", "BoardColumn"]

#: The columns a new board starts with.
STARTER_COLUMNS = ("Lead", "Negotiation", "Won")


class BoardColumn(OrderingModelMixin):
    """A column of a user's deal board (e.g. "Lead", "Negotiation", "Won")."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_columns"
    )
    name = models.CharField(max_length=100)

    ordering_scope = ("owner",)

    class Meta:
        ordering = ("owner", "order", "pk")
        verbose_name = "board column"

    def __str__(self) -> str:
        return self.name


class BoardCard(OrderingModelMixin):
    """A deal on the board; it moves within and across its owner's columns.

    ``sales_order`` is the marketplace order the deal is about (optional: a lead has none yet);
    the card links to that order's page. Deleting the order keeps the card.
    """

    column = models.ForeignKey(BoardColumn, on_delete=models.CASCADE, related_name="cards")
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    sales_order = models.ForeignKey(
        "marketplace.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_cards",
    )

    ordering_scope = ("column",)

    class Meta:
        ordering = ("column", "order", "pk")
        verbose_name = "board card"

    def __str__(self) -> str:
        return self.title
