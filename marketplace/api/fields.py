"""Serializer fields that read ids through :func:`marketplace.ids.parse_id`.

DRF's own fields would take ``1.5``, ``True`` or a non-ASCII digit one as the id ``1``, and
let a 20-digit number reach the database (an overflow, a 500). These accept only what
``parse_id`` accepts and answer anything else with a 400 naming the field and the value.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.ids import MAX_ID, InvalidId, parse_id

__all__ = ["IdField", "IdRelatedField", "ModelSerializer"]


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdField(serializers.Field):
    """An id (a positive 64-bit integer) given as a JSON number or a string of ASCII digits."""

    def to_internal_value(self, data: Any) -> int:
        try:
            return parse_id(data, self.field_name or "id")
        except InvalidId as error:
            raise serializers.ValidationError(str(error)) from error

    def to_representation(self, value: int) -> int:
        return int(value)


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object named by its id; the id is checked by ``parse_id`` before the lookup."""

    def to_internal_value(self, data: Any) -> Model:
        try:
            key = parse_id(data, self.field_name or "id")
        except InvalidId as error:
            raise serializers.ValidationError(str(error)) from error
        return super().to_internal_value(key)


class ModelSerializer(serializers.ModelSerializer):
    """The API's model serializer: its relation fields read ids with :class:`IdRelatedField`."""

    serializer_related_field = IdRelatedField
