"""Values between Django fields and OData v4: ``$filter`` literals, JSON payloads and back.

Strings in ``$filter`` are single-quoted with embedded quotes doubled (OData v4 ABNF), so a
value such as ``' or 1 eq 1`` stays a string and never becomes part of the expression.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from .exceptions import UnsupportedRemoteLookup

TEXT_FIELDS = (models.CharField, models.TextField)


def quote_string(value: str) -> str:
    """An OData string literal: ``O'Brien`` → ``'O''Brien'``."""
    return "'" + value.replace("'", "''") + "'"


def _aware(value: dt.datetime) -> dt.datetime:
    # Naive datetimes mean the current time zone, as they do for the Django ORM.
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value.astimezone(dt.UTC)


def datetime_text(value: dt.datetime) -> str:
    """ISO 8601 in UTC with a ``Z``; fractions only when present."""
    text = _aware(value).replace(tzinfo=None).isoformat()
    return text + "Z"


def literal(value: Any, key_kind: str | None = None) -> str:
    """The ``$filter`` literal of a Python value (``key_kind`` for remote keys)."""
    if value is None:
        return "null"
    if key_kind == "guid":
        return str(uuid.UUID(str(value)))
    if key_kind == "string":
        return quote_string(str(value))
    if key_kind == "int":
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return datetime_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        return quote_string(value)
    raise UnsupportedRemoteLookup(
        f"cannot write {type(value).__name__} value {value!r} as an OData literal"
    )


def to_payload(field: models.Field, value: Any) -> Any:
    """The JSON value sent to the remote for a local field value."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        # Sent as a string (IEEE754Compatible) so no digit is lost in a float.
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return datetime_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def from_payload(field: models.Field, value: Any) -> Any:
    """The local Python value of a remote JSON value for ``field``.

    A remote NULL for a local column that cannot hold one becomes the field's default (a
    Boolean the remote never set reads as its local default), rather than failing the upsert.
    """
    if value is None:
        return field.get_default() if not field.null and field.has_default() else None
    if isinstance(field, models.DateTimeField):
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date.fromisoformat(str(value)[:10])
    if isinstance(field, models.TimeField):
        return dt.time.fromisoformat(str(value))
    if isinstance(field, models.DecimalField):
        number = Decimal(str(value))
        return number.quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(field, models.UUIDField):
        return uuid.UUID(str(value))
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.IntegerField):
        return int(value)
    if isinstance(field, models.FloatField):
        return float(value)
    return value


def parse_modified(value: Any) -> dt.datetime | None:
    """The remote modification timestamp as an aware UTC datetime."""
    if not value:
        return None
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(dt.UTC)
