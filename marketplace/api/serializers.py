"""Serializers of the REST API (one per resource, plus compact nested shapes)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from marketplace.models import (
    CartItem,
    Category,
    CustomerProfile,
    Order,
    OrderItem,
    Product,
    ProductReview,
    Tag,
    VendorProfile,
)
from marketplace.services.cart import MAX_LINE_QUANTITY
from marketplace.services.reviews import add_review

from .fields import IdField, IdRelatedField, ModelSerializer
from .roles import customer_of


class CurrentCustomerDefault:
    """Default of hidden ``customer`` fields: the request user's customer profile."""

    requires_context = True

    def __call__(self, field: serializers.Field) -> CustomerProfile | None:
        return customer_of(field.context["request"].user)


class CategorySerializer(ModelSerializer):
    """A category."""

    class Meta:
        model = Category
        fields = ["id", "name"]


class TagSerializer(ModelSerializer):
    """A tag."""

    class Meta:
        model = Tag
        fields = ["id", "name"]


class VendorBriefSerializer(ModelSerializer):
    """A shop as others see it."""

    class Meta:
        model = VendorProfile
        fields = ["id", "shop_name"]


class CustomerBriefSerializer(ModelSerializer):
    """A customer as their vendors see them."""

    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = CustomerProfile
        fields = ["id", "username", "name"]


class CustomerSerializer(CustomerBriefSerializer):
    """A customer profile (their own view, or staff)."""

    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta(CustomerBriefSerializer.Meta):
        fields = [*CustomerBriefSerializer.Meta.fields, "email", "phone", "address"]


class ProductBriefSerializer(ModelSerializer):
    """A product inside other resources."""

    vendor_name = serializers.CharField(source="vendor.shop_name", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "product_id", "name", "price", "rating", "vendor", "vendor_name"]
        read_only_fields = fields


class ProductSerializer(ModelSerializer):
    """A product. Vendors always create and edit their own; staff name the ``vendor``."""

    vendor = IdRelatedField(queryset=VendorProfile.objects.all(), required=False)
    vendor_name = serializers.CharField(source="vendor.shop_name", read_only=True)
    tags = IdRelatedField(queryset=Tag.objects.all(), many=True, required=False)

    class Meta:
        model = Product
        fields = [
            "id",
            "product_id",
            "vendor",
            "vendor_name",
            "name",
            "description",
            "category",
            "tags",
            "price",
            "stock",
            "rating",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["product_id", "rating", "created_at"]
        extra_kwargs = {"stock": {"max_value": 1_000_000}}


class CartItemSerializer(ModelSerializer):
    """A line of the request user's cart. Adding a product already in the cart adds to its
    line (``services.cart``), up to the per-line cap."""

    customer = serializers.HiddenField(default=CurrentCustomerDefault())
    product = IdRelatedField(queryset=Product.objects.filter(is_active=True))
    product_detail = ProductBriefSerializer(source="product", read_only=True)

    class Meta:
        model = CartItem
        fields = ["id", "customer", "product", "product_detail", "quantity", "added_at"]
        read_only_fields = ["added_at"]
        extra_kwargs = {"quantity": {"min_value": 1, "max_value": MAX_LINE_QUANTITY}}
        # One line per product: a second add grows the line instead of failing.
        validators: list[Any] = []

    def validate_customer(self, value: CustomerProfile | None) -> CustomerProfile:
        if value is None:
            raise serializers.ValidationError("Only customers have a cart.")
        return value


class OrderItemSerializer(ModelSerializer):
    """A line of an order; vendors and staff change its ``status``."""

    product_detail = ProductBriefSerializer(source="product", read_only=True)

    class Meta:
        model = OrderItem
        fields = ["id", "order", "product", "product_detail", "quantity", "unit_price", "status"]
        extra_kwargs = {"quantity": {"min_value": 1, "max_value": 1000}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # An order is with one vendor, so its items are that vendor's products.
        order = attrs.get("order") or getattr(self.instance, "order", None)
        product = attrs.get("product") or getattr(self.instance, "product", None)
        if (
            order is not None
            and product is not None
            and order.vendor_id is not None
            and product.vendor_id != order.vendor_id
        ):
            raise serializers.ValidationError(
                {"product": [f"Product {product.pk} is not sold by order {order}'s vendor."]}
            )
        return attrs


class OrderItemStatusSerializer(OrderItemSerializer):
    """An order line as vendors and customers get it: the same shape, only ``status`` is
    writable (and only along ``services.lifecycle.ITEM_TRANSITIONS``)."""

    class Meta(OrderItemSerializer.Meta):
        read_only_fields = ["order", "product", "quantity", "unit_price"]


class BulkItemStatusSerializer(serializers.Serializer):
    """Set the status of many order items at once."""

    ids = serializers.ListField(child=IdField(), min_length=1, max_length=1000)
    status = serializers.ChoiceField(choices=OrderItem.Status.choices)


class OrderSerializer(ModelSerializer):
    """An order with its items. ``status``, ``total_amount`` and ``refund_amount`` derive
    from the items; ``is_paid`` changes only through ``POST /api/orders/<id>/pay/``."""

    items = OrderItemSerializer(many=True, read_only=True)
    amount_due = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    vendor_detail = VendorBriefSerializer(source="vendor", read_only=True)
    customer_detail = CustomerBriefSerializer(source="customer", read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "order_code",
            "customer",
            "customer_detail",
            "vendor",
            "vendor_detail",
            "contact",
            "order_date",
            "total_amount",
            "refund_amount",
            "amount_due",
            "status",
            "is_paid",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "total_amount",
            "refund_amount",
            "amount_due",
            "status",
            "is_paid",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"order_code": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A read-only field sent in the body is refused rather than ignored, so a client
        # trying to set what the customer owes learns it can't.
        sent = set(getattr(self, "initial_data", None) or {})
        refused = sorted(sent & set(self.Meta.read_only_fields))
        if refused:
            raise serializers.ValidationError(
                {
                    name: [
                        "This field is read-only: it derives from the items or has its own action."
                    ]
                    for name in refused
                }
            )
        return attrs


class CustomerOrderSerializer(OrderSerializer):
    """An order as its customer sees it: nothing to edit."""

    class Meta(OrderSerializer.Meta):
        read_only_fields = OrderSerializer.Meta.fields


class VendorOrderSerializer(OrderSerializer):
    """An order as its vendor sees it: only the contact is editable (what the customer owes,
    when and whether they paid are not the vendor's to rewrite)."""

    class Meta(OrderSerializer.Meta):
        read_only_fields = [f for f in OrderSerializer.Meta.fields if f != "contact"]


class ProductReviewSerializer(ModelSerializer):
    """A review: the author is the request user's customer profile."""

    customer = serializers.HiddenField(default=CurrentCustomerDefault())
    author = CustomerBriefSerializer(source="customer", read_only=True)
    # Products not for sale answer like missing ones ("object does not exist").
    product = IdRelatedField(queryset=Product.objects.filter(is_active=True))
    rating = serializers.DecimalField(max_digits=2, decimal_places=1, min_value=0, max_value=5)

    class Meta:
        model = ProductReview
        fields = ["id", "customer", "author", "product", "rating", "review", "created_at"]
        read_only_fields = ["created_at"]

    def validate_customer(self, value: CustomerProfile | None) -> CustomerProfile:
        if value is None:
            raise serializers.ValidationError("Only customers write reviews.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The product of an existing review doesn't move to another product.
        if (
            self.instance is not None
            and "product" in attrs
            and attrs["product"] != self.instance.product
        ):
            raise serializers.ValidationError(
                {"product": "A review can't move to another product."}
            )
        return attrs

    def create(self, validated_data: dict[str, Any]) -> ProductReview:
        """A new review, if ``services.reviews`` allows it (received, not reviewed yet)."""
        return add_review(
            validated_data["customer"],
            validated_data["product"],
            validated_data["rating"],
            validated_data.get("review", ""),
        )


class CheckoutResultSerializer(serializers.Serializer):
    """The orders a checkout created."""

    orders = CustomerOrderSerializer(many=True)
