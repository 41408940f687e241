"""Read-only admin of the outbox, with the relay's lag (age of the oldest unpublished event)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse

from .models import OutboxEvent


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    """Lists and shows outbox events; the list page says how far behind the relay is."""

    list_display = ("created_at", "aggregatetype", "aggregateid", "type", "published_at")
    list_filter = ("type", "aggregatetype", ("published_at", admin.EmptyFieldListFilter))
    search_fields = ("=id", "aggregatetype", "=aggregateid")
    date_hierarchy = "created_at"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The list, headed by the number of unpublished events and the oldest one's age."""
        events = OutboxEvent.objects.all()
        lag = events.lag()
        if lag is None:
            messages.info(request, "Relay lag: none, every event is published.")
        else:
            pending = events.filter(published_at__isnull=True).count()
            messages.warning(
                request,
                f"Relay lag: {pending} unpublished, the oldest {int(lag.total_seconds())} s old.",
            )
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Every field."""
        return [f.name for f in OutboxEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Events are only written by tracked changes."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Events are never edited (the view page stays readable)."""
        return False
