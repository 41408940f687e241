"""Admin of the mirror area: customers' CRM accounts.

The list reads local rows only (``skip_remote()``): the admin's own queries (``select_related``,
counts per page) have no remote meaning. Saving or deleting in the admin writes both sides.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from marketplace.models import CrmAccount


@admin.register(CrmAccount)
class CrmAccountAdmin(admin.ModelAdmin):
    """CRM accounts with their remote key, last remote change and whether the CRM deleted them
    (``modelsync_remote pull`` with ``MODELSYNC_REMOTE_PULL_DELETES = "flag"``)."""

    list_display = ["display_name", "email", "phone", "remote_pk", "modified", "remote_deleted"]
    list_filter = ["remote_deleted"]
    search_fields = ["display_name", "email"]
    readonly_fields = ["remote_pk", "modified", "remote_etag", "remote_deleted"]
    raw_id_fields = ["customer"]

    def get_queryset(self, request: HttpRequest) -> Any:
        """Local rows only; the remote is consulted by the library, not by the changelist."""
        return CrmAccount.objects.skip_remote()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """ "Delete selected" removes the rows on the CRM too (the list itself is local-only)."""
        CrmAccount.objects.filter(pk__in=[account.pk for account in queryset]).delete()
