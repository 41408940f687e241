"""Views of the deal board: the page, its forms (add, rename, delete) and the JSON reorder
endpoints called by drag and drop.

The board is a sales tool: staff and vendors have one (:func:`can_use_board`), shoppers get a
403. Every id a client sends goes through :func:`marketplace.ids.parse_id`: a malformed id in a
form or JSON field answers 400 naming it, one in the path answers 404, like an id that names
nothing of the user's. Positions are kept dense by the board models themselves
(``card.move_to(...)``, ``card.delete()``): no view locks, restates a list or saves a position.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from marketplace.api.roles import is_staff, vendor_of
from marketplace.ids import InvalidId, parse_id
from marketplace.models import STARTER_COLUMNS, BoardCard, BoardColumn
from modelsync.ordering import OrderingMixinGroupError

from .order_views import visible_orders

__all__ = [
    "add_card",
    "add_column",
    "board",
    "board_json",
    "board_page",
    "can_use_board",
    "delete_card",
    "delete_column",
    "rename_card",
    "rename_column",
    "reorder_card",
    "reorder_column",
]

PageView = Callable[..., HttpResponse]
JsonView = Callable[..., JsonResponse]


def can_use_board(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for staff and vendors: only they have a deal board (and the navigation link)."""
    return is_staff(user) or vendor_of(user) is not None


def board_page(view: PageView) -> PageView:
    """Sign-in required (redirect to the login page), then staff or vendor (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_use_board(request.user):
            raise PermissionDenied("The deal board is for staff and vendors.")
        return view(request, *args, **kwargs)

    return wrapped


def board_json(view: JsonView) -> JsonView:
    """POST only; staff or vendor, else a JSON 403; a malformed or unknown id, a JSON 400/404."""

    @require_POST
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
        if not can_use_board(request.user):
            return _error("Sign in as staff or vendor to use the deal board", 403)
        try:
            return view(request, *args, **kwargs)
        except InvalidId as error:
            return _error(str(error), 400)
        except Http404 as error:
            return _error(str(error), 404)
        except OrderingMixinGroupError as error:
            # One message per problem, for the page to show.
            return _error(error.message, 400, errors=error.messages)

    return wrapped


def _error(message: str, status: int, **extra: object) -> JsonResponse:
    return JsonResponse({"type": "error", "message": message, **extra}, status=status)


def _path_id(value: int, name: str) -> int:
    """An id from the URL: out of range names nothing, so it is a 404 like a missing one."""
    try:
        return parse_id(value, name)
    except InvalidId as error:
        raise Http404(str(error)) from error


def _form_id(request: HttpRequest, name: str) -> int:
    """A required id field of the POSTed form; malformed: 400 naming the field and value."""
    try:
        return parse_id(request.POST.get(name, ""), name)
    except InvalidId as error:
        raise BadRequest(str(error)) from error


def _user_id(request: HttpRequest) -> int:
    """The signed-in user's id (every board view runs behind a check that someone is)."""
    if request.user.pk is None:
        raise PermissionDenied("Sign in to use the deal board.")
    return int(request.user.pk)


def _own_column(request: HttpRequest, pk: int) -> BoardColumn:
    column = BoardColumn.objects.filter(pk=pk, owner_id=request.user.pk).first()
    if column is None:
        raise Http404("Column not found")
    return column


def _own_card(request: HttpRequest, pk: int) -> BoardCard:
    card = BoardCard.objects.filter(pk=pk, column__owner_id=request.user.pk).first()
    if card is None:
        raise Http404("Card not found")
    return card


@board_page
def board(request: HttpRequest) -> HttpResponse:
    """The signed-in user's board: columns in order, each with its cards in order."""
    columns = (
        BoardColumn.objects.filter(owner_id=request.user.pk)
        .order_by("order", "pk")
        .prefetch_related("cards__sales_order")
    )
    return render(request, "marketplace/board.html", {"columns": columns})


@board_page
@require_POST
def add_column(request: HttpRequest) -> HttpResponse:
    """Add a column at the end of the board; with no name, add the starter columns."""
    name = request.POST.get("name", "").strip()[:100]
    with transaction.atomic():
        for column_name in [name] if name else STARTER_COLUMNS:
            BoardColumn.objects.create(owner_id=_user_id(request), name=column_name)
    return redirect("board")


@board_page
@require_POST
def add_card(request: HttpRequest) -> HttpResponse:
    """Add a card at the end of one of the user's columns, optionally linked to an order the
    user can open (by its code, e.g. ``SO2026-000001``)."""
    column = _own_column(request, _form_id(request, "column"))
    title = request.POST.get("title", "").strip()[:200] or "New deal"
    code = request.POST.get("order_code", "").strip()
    sales_order = None
    if code:
        sales_order = visible_orders(request.user).filter(order_code=code).first()
        if sales_order is None:
            raise BadRequest(f"order_code {code[:40]!r} names no order you can open.")
    BoardCard.objects.create(column=column, title=title, sales_order=sales_order)
    return redirect("board")


@board_page
@require_POST
def rename_column(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename one of the user's columns (an empty name is refused with a 400)."""
    column = _own_column(request, _path_id(pk, "column"))
    column.name = _required_text(request, "name", 100)
    column.save(update_fields=["name"])
    return redirect("board")


@board_page
@require_POST
def delete_column(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's columns and its cards; the columns after it move up."""
    _own_column(request, _path_id(pk, "column")).delete()
    return redirect("board")


@board_page
@require_POST
def rename_card(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename one of the user's cards (an empty title is refused with a 400)."""
    card = _own_card(request, _path_id(pk, "card"))
    card.title = _required_text(request, "title", 200)
    card.save(update_fields=["title"])
    return redirect("board")


@board_page
@require_POST
def delete_card(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's cards; the cards after it in its column move up."""
    _own_card(request, _path_id(pk, "card")).delete()
    return redirect("board")


def _required_text(request: HttpRequest, name: str, max_length: int) -> str:
    text = request.POST.get(name, "").strip()
    if not text:
        raise BadRequest(f"{name} must not be empty.")
    if len(text) > max_length:
        raise BadRequest(f"{name} must be at most {max_length} characters, not {len(text)}.")
    return text


@board_json
def reorder_card(request: HttpRequest, pk: int, order: int) -> JsonResponse:
    """Move card ``pk`` to position ``order`` of its column, or of the POSTed ``column``.

    Responses: 200 ``{'type': 'success', ...}``; 404 unknown card or column; 403 not the
    owner; 400 malformed column id or invalid position (with the validation messages).
    """
    target_id = request.POST.get("column")
    target = parse_id(target_id, "column") if target_id is not None else None
    card = BoardCard.objects.select_related("column").filter(pk=_path_id(pk, "card")).first()
    if card is None:
        raise Http404("Card not found")
    if card.column.owner_id != request.user.pk:
        return _error("Only the owner of the board may reorder its cards", 403)
    if target is None or target == card.column_id:
        card.move_to(order)
    else:
        column = BoardColumn.objects.filter(pk=target).first()
        if column is None:
            raise Http404("Column not found")
        if column.owner_id != request.user.pk:
            return _error("Only the owner of the board may reorder its cards", 403)
        card.move_to(order, column=column)
    return JsonResponse({"type": "success", "message": "Card reordered successfully"})


@board_json
def reorder_column(request: HttpRequest, pk: int, order: int) -> JsonResponse:
    """Move column ``pk`` to position ``order`` among its owner's columns."""
    column = BoardColumn.objects.filter(pk=_path_id(pk, "column")).first()
    if column is None:
        raise Http404("Column not found")
    if column.owner_id != request.user.pk:
        return _error("Only the owner of the board may reorder its columns", 403)
    column.move_to(order)
    return JsonResponse({"type": "success", "message": "Column reordered successfully"})
