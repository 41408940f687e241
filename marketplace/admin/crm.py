"""Admin of the crm area: pipelines (deals) following their orders."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from marketplace.models import Pipeline


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    """Deals: the stage and contact are edited here; amount and date come from the order."""

    list_display = ["id", "order", "stage", "contact", "order_date", "total_amount", "updated_at"]
    list_filter = ["stage"]
    search_fields = ["order__order_code", "contact"]
    list_select_related = ["order"]
    raw_id_fields = ["order"]
    readonly_fields = ["order_date", "total_amount", "updated_by", "updated_at", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Record the staff member as ``updated_by``; the contact then flows to the order."""
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
