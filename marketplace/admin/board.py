"""Admin of the deal board: columns and cards, with up/down/top/bottom reordering."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html_join

from marketplace.models import BoardCard, BoardColumn
from modelsync.ordering import lock_list, normalize
from modelsync.ordering.models import OrderingModelMixin

MOVES = {"top": "⤒", "up": "↑", "down": "↓", "bottom": "⤓"}


class OrderedModelAdmin(admin.ModelAdmin):
    """Adds move buttons to the change list; a subclass says what the list of a row is."""

    actions = ["normalize_lists"]

    def list_of(self, obj: Any) -> QuerySet[Any]:
        """The ordered list ``obj`` belongs to."""
        raise NotImplementedError

    def get_urls(self) -> list[URLPattern]:
        """The model's admin URLs plus ``<pk>/move/<where>/``."""
        opts = self.model._meta
        move = path(
            "<path:object_id>/move/<str:where>/",
            self.admin_site.admin_view(self.move_view),
            name=f"{opts.app_label}_{opts.model_name}_move",
        )
        return [move, *super().get_urls()]

    @admin.display(description="Move")
    def move_buttons(self, obj: Any) -> str:
        """Buttons that submit the change list's form (and its CSRF token) to the move view."""
        opts = self.model._meta
        return format_html_join(
            " ",
            '<button type="submit" class="button" formaction="{}" title="Move {}">{}</button>',
            (
                (
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_move", args=[obj.pk, where]),
                    where,
                    arrow,
                )
                for where, arrow in MOVES.items()
            ),
        )

    def move_view(self, request: HttpRequest, object_id: str, where: str) -> HttpResponse:
        """Move one row to the top, up one, down one or to the bottom of its list (POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if where not in MOVES:
            raise Http404(f"Unknown move {where!r}; use one of {', '.join(MOVES)}.")
        with transaction.atomic():
            # Locked before the read, so that "up" and "bottom" count from current positions.
            lock_list(self.model)
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404(f"{self.model._meta.verbose_name} {object_id!r} does not exist.")
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            assert isinstance(obj, OrderingModelMixin)
            items = self.list_of(obj)
            last = max(items.count() - 1, 0)
            position = {
                "top": 0,
                "up": max(obj.order - 1, 0),
                "down": min(obj.order + 1, last),
                "bottom": last,
            }[where]
            obj.move_to(position)
        self.message_user(request, f"Moved “{obj}” to position {position + 1}.", messages.SUCCESS)
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    @admin.action(description="Repair the positions of the selected rows' lists")
    def normalize_lists(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """Renumber every list that has a selected row ``0..n-1``."""
        lists = {self.list_key(obj): obj for obj in queryset}
        changed = sum(normalize(self.list_of(obj)) for obj in lists.values())
        self.message_user(request, f"Repaired {len(lists)} list(s); {changed} row(s) moved.")

    def list_key(self, obj: Any) -> Any:
        """What identifies the list of ``obj`` (its scope values)."""
        return tuple(getattr(obj, name) for name in obj.ordering_scope)


@admin.register(BoardColumn)
class BoardColumnAdmin(OrderedModelAdmin):
    """Columns, ordered per owner."""

    list_display = ("name", "owner", "order", "move_buttons")
    list_filter = ("owner",)
    ordering = ("owner", "order", "pk")
    search_fields = ("name",)
    readonly_fields = ("order",)

    def list_of(self, obj: Any) -> QuerySet[Any]:
        """The owner's columns."""
        return BoardColumn.objects.filter(owner_id=obj.owner_id)


@admin.register(BoardCard)
class BoardCardAdmin(OrderedModelAdmin):
    """Cards, ordered per column; editing ``column`` appends the card to the new column."""

    list_display = ("title", "column", "order", "move_buttons")
    list_filter = ("column__owner", "column")
    list_select_related = ("column",)
    ordering = ("column__owner", "column__order", "order", "pk")
    search_fields = ("title",)
    readonly_fields = ("order",)

    def list_of(self, obj: Any) -> QuerySet[Any]:
        """The cards of the card's column."""
        return BoardCard.objects.filter(column_id=obj.column_id)
