"""Domain rules of accounts and catalog: product ids, review ratings, phone numbers, roles."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from marketplace.models import CUSTOMER_GROUP, VENDOR_GROUP, Product, ProductReview, Tag

from .factories import make_category, make_customer, make_product, make_vendor

pytestmark = pytest.mark.django_db


def test_product_id_follows_the_spec_rule_with_the_primary_key() -> None:
    vendor = make_vendor()
    product = make_product(vendor, name="lamp", category=make_category("Home"))
    assert product.product_id == f"LHT{product.pk:03d}"
    product.refresh_from_db()
    assert product.product_id == f"LHT{product.pk:03d}"


def test_generate_product_id_uses_first_tag_initial() -> None:
    product = make_product(make_vendor(), name="desk")
    product.tags.add(Tag.objects.create(name="wood"))
    assert product.generate_product_id() == f"DCW{product.pk:03d}"


def test_product_ids_are_unique_even_for_identical_products() -> None:
    vendor = make_vendor()
    ids = {make_product(vendor, name="Lamp").product_id for _ in range(3)}
    assert len(ids) == 3


def test_bulk_created_products_get_their_ids_in_one_update(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    vendor = make_vendor()
    products = Product.objects.bulk_create(
        [Product(vendor=vendor, name=f"Item {n}", price=Decimal("1.00")) for n in range(5)]
    )
    with django_assert_num_queries(1):
        assert Product.assign_product_ids(products) == 5
    assert sorted(Product.objects.values_list("product_id", flat=True)) == sorted(
        f"ICT{p.pk:03d}" for p in products
    )


def test_duplicate_product_id_is_rejected_by_the_database() -> None:
    vendor = make_vendor()
    first = make_product(vendor)
    second = make_product(vendor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=second.pk).update(product_id=first.product_id)


@pytest.mark.parametrize("rating", ["-0.1", "5.1"])
def test_review_rating_outside_0_to_5_fails_validation(rating: str) -> None:
    product = make_product(make_vendor())
    review = ProductReview(customer=make_customer(), product=product, rating=Decimal(rating))
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert "rating" in error.value.message_dict


def test_review_rating_outside_0_to_5_is_rejected_by_the_database() -> None:
    product = make_product(make_vendor())
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductReview.objects.create(
            customer=make_customer(), product=product, rating=Decimal("7.0")
        )


def test_one_review_per_customer_and_product() -> None:
    product, customer = make_product(make_vendor()), make_customer()
    ProductReview.objects.create(customer=customer, product=product, rating=Decimal("4.0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductReview.objects.create(customer=customer, product=product, rating=Decimal("2.0"))


def test_product_rating_is_the_average_of_its_reviews() -> None:
    product = make_product(make_vendor())
    first = ProductReview.objects.create(
        customer=make_customer(), product=product, rating=Decimal("4.0")
    )
    ProductReview.objects.create(customer=make_customer(), product=product, rating=Decimal("5.0"))
    product.refresh_from_db()
    assert product.rating == Decimal("4.5")
    first.delete()
    product.refresh_from_db()
    assert product.rating == Decimal("5.0")


def test_phone_keeps_leading_zeros_and_plus() -> None:
    customer = make_customer(phone="+44 0207 946 0000")
    customer.refresh_from_db()
    assert customer.phone == "+44 0207 946 0000"
    vendor = make_vendor(phone="0012345")
    vendor.refresh_from_db()
    assert vendor.phone == "0012345"


def test_phone_with_letters_fails_validation() -> None:
    customer = make_customer()
    customer.phone = "call me"
    with pytest.raises(ValidationError) as error:
        customer.full_clean()
    assert "phone" in error.value.message_dict


def test_profiles_put_users_in_their_role_group_and_hold_no_password() -> None:
    vendor, customer = make_vendor(), make_customer()
    assert list(vendor.user.groups.values_list("name", flat=True)) == [VENDOR_GROUP]
    assert list(customer.user.groups.values_list("name", flat=True)) == [CUSTOMER_GROUP]
    field_names = {f.name for f in type(customer)._meta.get_fields()}
    assert not {"password", "confirmpassword"} & field_names
    assert customer.user.check_password("s3cret-pass-123")
