"""``UPDATE … RETURNING pk``: the rows a queryset matched *before* the update, in one statement.

The original re-ran the caller's filter after the update, so ``filter(status="draft")``
followed by ``status="pending"`` found nothing to sync. Returning the keys from the UPDATE
itself gives exactly the rows written, whatever the update does to the filtered fields.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models.sql import UpdateQuery


def update_returning_keys(queryset: models.QuerySet[Any], values: dict[str, Any]) -> list[Any]:
    """Run ``queryset.update(**values)`` and return the primary keys of the rows written."""
    if queryset.query.is_sliced:
        raise TypeError("Cannot update a query once a slice has been taken.")
    model = queryset.model
    if model._meta.parents:
        # Multi-table inheritance updates several tables; not supported by set-based sync.
        raise NotImplementedError(
            f"{model._meta.label}: sync of multi-table-inheritance models is not supported"
        )
    query: Any = queryset.query.chain(UpdateQuery)
    query.add_update_values(values)
    query.annotations = {}
    query.clear_ordering(force=True)
    compiler = query.get_compiler(queryset.db)
    statement, params = compiler.as_sql()
    if not statement:
        return []
    connection = connections[queryset.db]
    pk = model._meta.pk
    assert pk is not None
    statement += f" RETURNING {connection.ops.quote_name(pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]
