"""``InKeys``: a filter "column is one of these keys" bound as a single parameter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import Expression, F

from .sql import key_set_condition


class InKeys(Expression):
    """Conditional expression usable in ``filter()``: ``InKeys("pk", Order, [1, 2, 3])``.

    Unlike ``pk__in=[...]`` it binds the whole list as one parameter, so it works at any N
    (no bound-parameter limit) and the SQL text does not grow with N.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, field: str | Any, model: type[models.Model], keys: Sequence[Any]) -> None:
        super().__init__()
        self.ref = F(field) if isinstance(field, str) else field
        self.model = model
        self.keys = list(keys)

    def get_source_expressions(self) -> list[Any]:
        return [self.ref]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.ref,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        column_sql, column_params = compiler.compile(self.ref)
        condition, params = key_set_condition(connection, column_sql, self.model, self.keys)
        return condition, [*column_params, *params]
