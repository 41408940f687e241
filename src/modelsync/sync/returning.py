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
    """Run ``queryset.update(**values)`` and return the primary keys of the rows written.

    Where the database locks rows (PostgreSQL), the rows are locked in primary-key order by a
    ``SELECT … ORDER BY pk FOR UPDATE`` inside the statement, so two concurrent bulk updates
    wait for each other instead of deadlocking.
    """
    if queryset.query.is_sliced:
        raise TypeError("Cannot update a query once a slice has been taken.")
    model = queryset.model
    if model._meta.parents:
        # Multi-table inheritance updates several tables; not supported by set-based sync.
        raise NotImplementedError(
            f"{model._meta.label}: sync of multi-table-inheritance models is not supported"
        )
    using = queryset.db
    connection = connections[using]
    pk = model._meta.pk
    assert pk is not None
    qn = connection.ops.quote_name
    if connection.features.has_select_for_update_of:
        set_query = UpdateQuery(model)
        set_query.add_update_values(values)
        set_sql, set_params = set_query.get_compiler(using).as_sql()
        rows = queryset
        if rows.query.distinct or rows.query.group_by is not None or rows.query.combinator:
            # FOR UPDATE can't apply to DISTINCT / GROUP BY / unions: lock the rows by key.
            rows = model._base_manager.using(using).filter(pk__in=queryset.values("pk"))
        locked = rows.order_by("pk").select_for_update(of=("self",)).values_list("pk")
        inner_sql, inner_params = locked.query.get_compiler(using).as_sql()
        table = qn(model._meta.db_table)
        statement = f"{set_sql} WHERE {table}.{qn(pk.column)} IN ({inner_sql})"
        params = (*set_params, *inner_params)
    else:
        query: Any = queryset.query.chain(UpdateQuery)
        query.add_update_values(values)
        query.annotations = {}
        query.clear_ordering(force=True)
        statement, params = query.get_compiler(using).as_sql()
    if not statement:
        return []
    statement += f" RETURNING {qn(pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]
