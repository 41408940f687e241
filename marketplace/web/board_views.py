"""Views of the deal board: the drag-and-drop page and its JSON reorder endpoints."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from marketplace.models import STARTER_COLUMNS, BoardCard, BoardColumn
from modelsync.ordering import OrderingMixinGroupError, lock_list


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"type": "error", "message": message, **extra}, status=status)


def _validation_error(error: OrderingMixinGroupError) -> JsonResponse:
    # The spec's messages, one per problem, for the page to show.
    return _error(error.message, 400, errors=error.messages)


def _signed_in(request: HttpRequest) -> Any:
    # Only called behind @login_required, where request.user is a real user.
    return request.user


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The signed-in user's board: columns in order, each with its cards in order."""
    columns = (
        BoardColumn.objects.filter(owner_id=request.user.pk)
        .order_by("order", "pk")
        .prefetch_related("cards")
    )
    return render(request, "marketplace/board.html", {"columns": columns})


@login_required
@require_POST
def add_column(request: HttpRequest) -> HttpResponse:
    """Add a column at the end of the board; with no name, add the starter columns."""
    name = request.POST.get("name", "").strip()[:100]
    with transaction.atomic():
        for column_name in [name] if name else STARTER_COLUMNS:
            BoardColumn.objects.create(owner=_signed_in(request), name=column_name)
    return redirect("board")


@login_required
@require_POST
def add_card(request: HttpRequest) -> HttpResponse:
    """Add a card at the end of one of the user's columns."""
    column = get_object_or_404(
        BoardColumn, pk=request.POST.get("column") or 0, owner_id=request.user.pk
    )
    title = request.POST.get("title", "").strip()[:200] or "New deal"
    BoardCard.objects.create(column=column, title=title)
    return redirect("board")


@require_POST
def reorder_card(request: HttpRequest, pk: int, order: int) -> JsonResponse:
    """Move card ``pk`` to position ``order`` of its column, or of the POSTed ``column``.

    Responses: 200 ``{'type': 'success', ...}``; 404 unknown card or column; 403 not the
    owner; 400 invalid position (with the validation messages).
    """
    if not request.user.is_authenticated:
        return _error("Sign in to reorder cards", 403)
    target_id = request.POST.get("column")
    if target_id is not None and not target_id.isdigit():
        return _error(f"column must be the id of one of your columns, not {target_id!r}", 400)
    try:
        with transaction.atomic():
            # Lock before reading, so the card's column is current when we move it.
            lock_list(BoardCard)
            card = BoardCard.objects.select_related("column").filter(pk=pk).first()
            if card is None:
                return _error("Card not found", 404)
            if card.column.owner_id != request.user.pk:
                return _error("Only the owner of the board may reorder its cards", 403)
            target = card.column
            if target_id is not None and int(target_id) != card.column_id:
                found = BoardColumn.objects.filter(pk=int(target_id)).first()
                if found is None:
                    return _error("Column not found", 404)
                if found.owner_id != request.user.pk:
                    return _error("Only the owner of the board may reorder its cards", 403)
                target = found
            processor = card.ordering_services.processor
            if target.pk == card.column_id:
                processor.move_to_position(destination_objects=target.cards.all(), position=order)
            else:
                processor.move_to_position(
                    destination_objects=target.cards.all(),
                    position=order,
                    origin_objects=card.column.cards.all(),
                )
                card.column = target
                card.save(update_fields=["column"])
    except OrderingMixinGroupError as error:
        return _validation_error(error)
    return JsonResponse({"type": "success", "message": "Card reordered successfully"})


@require_POST
def reorder_column(request: HttpRequest, pk: int, order: int) -> JsonResponse:
    """Move column ``pk`` to position ``order`` among its owner's columns."""
    if not request.user.is_authenticated:
        return _error("Sign in to reorder columns", 403)
    try:
        with transaction.atomic():
            lock_list(BoardColumn)
            column = BoardColumn.objects.filter(pk=pk).first()
            if column is None:
                return _error("Column not found", 404)
            if column.owner_id != request.user.pk:
                return _error("Only the owner of the board may reorder its columns", 403)
            column.ordering_services.processor.move_to_position(
                destination_objects=BoardColumn.objects.filter(owner_id=request.user.pk),
                position=order,
            )
    except OrderingMixinGroupError as error:
        return _validation_error(error)
    return JsonResponse({"type": "success", "message": "Column reordered successfully"})
