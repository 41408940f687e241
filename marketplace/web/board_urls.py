"""Routes of the deal board: the page, its forms and the drag-and-drop endpoints."""

from django.urls import URLPattern, URLResolver, path, register_converter

from . import board_views


class SignedIntConverter:
    """Like ``<int:...>`` but also matches negative numbers, so that ``-1`` reaches the view
    and gets the validation message instead of a bare 404."""

    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        """The URL part as an int."""
        return int(value)

    def to_url(self, value: int) -> str:
        """The int as a URL part."""
        return str(value)


register_converter(SignedIntConverter, "signed")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", board_views.board, name="board"),
    path("columns/add/", board_views.add_column, name="board-column-add"),
    path("columns/<int:pk>/rename/", board_views.rename_column, name="board-column-rename"),
    path("columns/<int:pk>/delete/", board_views.delete_column, name="board-column-delete"),
    path(
        "columns/<int:pk>/reorder/<signed:order>/",
        board_views.reorder_column,
        name="board-column-reorder",
    ),
    path("cards/add/", board_views.add_card, name="board-card-add"),
    path("cards/<int:pk>/rename/", board_views.rename_card, name="board-card-rename"),
    path("cards/<int:pk>/delete/", board_views.delete_card, name="board-card-delete"),
    path(
        "cards/<int:pk>/reorder/<signed:order>/",
        board_views.reorder_card,
        name="board-card-reorder",
    ),
]
