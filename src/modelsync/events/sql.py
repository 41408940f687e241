"""The outbox INSERT: one statement per write, whatever the number of rows.

The events travel as one JSON array parameter that the database unpacks (``INSERT …
SELECT … FROM jsonb_array_elements`` on PostgreSQL, ``json_each`` on SQLite), so a write of
100,000 rows costs one statement with four parameters. Other databases get one multi-row
``INSERT`` from ``bulk_create``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections

from modelsync.db import dialect

__all__ = ["insert_events"]

#: One event row: (id, aggregateid, payload).
EventRow = tuple[uuid.UUID, str, dict[str, Any]]

_COLUMNS = ("id", "aggregatetype", "aggregateid", "type", "payload", "created_at")


def insert_events(
    using: str, aggregatetype: str, type: str, created_at: datetime, rows: Sequence[EventRow]
) -> None:
    """Write ``rows`` to the outbox of database ``using`` with one INSERT."""
    from .models import OutboxEvent

    connection = connections[using]
    db = dialect(connection)
    source = db.json_rows_source()
    if source is None:
        OutboxEvent.objects.using(using).bulk_create(
            OutboxEvent(
                id=event_id,
                aggregatetype=aggregatetype,
                aggregateid=aggregateid,
                type=type,
                payload=payload,
                created_at=created_at,
            )
            for event_id, aggregateid, payload in rows
        )
        return
    native_uuid = connection.features.has_native_uuid_field
    encoded = json.dumps(
        [[str(i) if native_uuid else i.hex, key, payload] for i, key, payload in rows],
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )
    quote = connection.ops.quote_name
    event_id, key, payload = (
        db.json_row_item(0, "uuid"),
        db.json_row_item(1, "text"),
        db.json_row_item(2, "json"),
    )
    sql = (
        f"INSERT INTO {quote(OutboxEvent._meta.db_table)} "
        f"({', '.join(map(quote, _COLUMNS))}) "
        f"SELECT {event_id}, %s, {key}, %s, {payload}, %s FROM {source}"
    )
    when = connection.ops.adapt_datetimefield_value(created_at)
    with connection.cursor() as cursor:
        cursor.execute(sql, [aggregatetype, type, when, encoded])
