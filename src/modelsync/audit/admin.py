"""Read-only admin of the audit trail: events are evidence, nobody edits them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import ChangeEvent


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    """Lists and shows change events; adding, changing and deleting are refused."""

    list_display = ("created_at", "model", "object_id", "action", "user", "comment")
    list_filter = ("action", "model")
    search_fields = ("model", "object_id", "comment", "=statement_id")
    date_hierarchy = "created_at"
    list_select_related = ("user",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: ChangeEvent | None = None
    ) -> list[str]:
        """Every field."""
        return [f.name for f in ChangeEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Events are only written by tracked changes."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: ChangeEvent | None = None) -> bool:
        """Events are never edited (the view page stays readable)."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ChangeEvent | None = None) -> bool:
        """Events are never deleted from the admin."""
        return False
