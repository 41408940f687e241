"""``InKeys``: "key is one of these" bound as a single parameter, at any N."""

from __future__ import annotations

import pytest

from modelsync.sync import InKeys
from tests.sync.conftest import data_statements
from tests.sync.models import Invoice

pytestmark = pytest.mark.django_db


def test_integer_keys_filter_with_one_parameter(make_invoices, statements):
    invoices = make_invoices(5, cards=False)
    wanted = [invoices[0].pk, invoices[3].pk]
    with statements() as ctx:
        found = list(
            Invoice.objects.filter(InKeys("pk", Invoice, wanted)).values_list("pk", flat=True)
        )
    assert sorted(found) == wanted
    (sql,) = data_statements(ctx)
    assert str(invoices[3].pk) in sql


def test_keys_that_need_conversion_take_the_field_path(make_invoices):
    invoices = make_invoices(3, cards=False)
    wanted = [str(invoices[1].pk)]  # text, converted by the primary key field
    found = Invoice.objects.filter(InKeys("pk", Invoice, wanted)).values_list("pk", flat=True)
    assert list(found) == [invoices[1].pk]


def test_more_keys_than_any_bound_parameter_limit(make_invoices):
    invoices = make_invoices(3, cards=False)
    keys = [invoices[2].pk, *range(10**6, 10**6 + 70_000)]
    assert list(
        Invoice.objects.filter(InKeys("pk", Invoice, keys)).values_list("pk", flat=True)
    ) == [invoices[2].pk]
