"""The catalog: categories, tags, products, reviews and what customers looked at."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .validators import reject_bidi_controls

__all__ = [
    "Category",
    "Product",
    "ProductReview",
    "SearchedProduct",
    "Tag",
    "ViewedProduct",
]

RATING_VALIDATORS = [MinValueValidator(Decimal("0.0")), MaxValueValidator(Decimal("5.0"))]


class Category(models.Model):
    """A product category (one per product)."""

    name = models.CharField(max_length=100, unique=True, validators=[reject_bidi_controls])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free label on products (many per product)."""

    name = models.CharField(max_length=50, unique=True, validators=[reject_bidi_controls])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product sold by one vendor.

    ``product_id`` follows the ``generate_product_id`` rule (name, category and tag
    initials, then the primary key padded to three digits) and is assigned once the primary key
    exists, so it is unique (a fixed ``"001"`` for unsaved rows would collide).
    """

    product_id = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    vendor = models.ForeignKey(
        "marketplace.VendorProfile", on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(max_length=200, validators=[reject_bidi_controls])
    description = models.TextField(blank=True, validators=[reject_bidi_controls])
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="products")
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    stock = models.PositiveIntegerField(default=0)
    rating = models.DecimalField(
        max_digits=2, decimal_places=1, default=Decimal("0.0"), validators=RATING_VALIDATORS
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-rating", "-id"], name="product_top_rated"),
            models.Index(fields=["vendor", "-created_at", "-id"], name="product_vendor_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=0) & models.Q(rating__lte=5),
                name="product_rating_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        """Save, then assign ``product_id`` the first time (it needs the primary key)."""
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if not self.product_id:
            self.product_id = self.generate_product_id(tag_name="")
            Product.objects.filter(pk=self.pk).update(product_id=self.product_id)

    def generate_product_id(self, tag_name: str | None = None) -> str:
        """The product code: ``<name><category><tag initial><pk:03d>``, e.g. ``"LET007"``.

        ``tag_name`` spares the tag query when the caller already knows the first tag; a
        product without a name, category or tag uses ``N``, ``C`` or ``T``.
        """
        if self.pk is None:
            raise ValueError("Product.generate_product_id() needs a saved product (no pk yet).")
        if tag_name is None:
            first_tag = self.tags.order_by("name").first() if self.pk else None
            tag_name = first_tag.name if first_tag else ""
        name_initial = self.name[:1].upper() or "N"
        category_initial = self.category.name[:1].upper() if self.category else "C"
        tag_initial = tag_name[:1].upper() or "T"
        return f"{name_initial}{category_initial}{tag_initial}{self.pk:03d}"

    @classmethod
    def assign_product_ids(cls, products: Iterable[Product]) -> int:
        """Give bulk-created products (no ``save()`` ran) their ``product_id`` in one UPDATE."""
        pending = [p for p in products if not p.product_id]
        for product in pending:
            product.product_id = product.generate_product_id(tag_name="")
        if pending:
            Product.objects.bulk_update(pending, ["product_id"], batch_size=500)
        return len(pending)


class ProductReview(models.Model):
    """A customer's rating (0.0 to 5.0) and text about a product; one per customer and product."""

    customer = models.ForeignKey(
        "marketplace.CustomerProfile", on_delete=models.CASCADE, related_name="reviews"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    rating = models.DecimalField(max_digits=2, decimal_places=1, validators=RATING_VALIDATORS)
    review = models.TextField(blank=True, validators=[reject_bidi_controls])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "product"],
                name="one_review_per_customer_and_product",
                violation_error_message="You have already reviewed this product.",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=0) & models.Q(rating__lte=5),
                name="review_rating_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} for {self.product_id}"


class ViewedProduct(models.Model):
    """A customer opened a product's page."""

    customer = models.ForeignKey(
        "marketplace.CustomerProfile", on_delete=models.CASCADE, related_name="viewed_products"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]


class SearchedProduct(models.Model):
    """A customer searched the catalog for ``query``."""

    customer = models.ForeignKey(
        "marketplace.CustomerProfile", on_delete=models.CASCADE, related_name="searched_products"
    )
    query = models.CharField(max_length=255)
    searched_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-searched_at", "-id"]
