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
    SearchedProduct,
    Tag,
    VendorProfile,
    ViewedProduct,
)

from .roles import customer_of


class CurrentCustomerDefault:
    """Default of hidden ``customer`` fields: the request user's customer profile."""

    requires_context = True

    def __call__(self, field: serializers.Field) -> CustomerProfile | None:
        return customer_of(field.context["request"].user)


class CategorySerializer(serializers.ModelSerializer):
    """A category."""

    class Meta:
        model = Category
        fields = ["id", "name"]


class TagSerializer(serializers.ModelSerializer):
    """A tag."""

    class Meta:
        model = Tag
        fields = ["id", "name"]


class VendorBriefSerializer(serializers.ModelSerializer):
    """A shop as others see it."""

    class Meta:
        model = VendorProfile
        fields = ["id", "shop_name"]


class CustomerBriefSerializer(serializers.ModelSerializer):
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


class ProductBriefSerializer(serializers.ModelSerializer):
    """A product inside other resources."""

    vendor_name = serializers.CharField(source="vendor.shop_name", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "product_id", "name", "price", "rating", "vendor", "vendor_name"]
        read_only_fields = fields


class ProductSerializer(serializers.ModelSerializer):
    """A product. Vendors always create and edit their own; staff name the ``vendor``."""

    vendor = serializers.PrimaryKeyRelatedField(
        queryset=VendorProfile.objects.all(), required=False
    )
    vendor_name = serializers.CharField(source="vendor.shop_name", read_only=True)
    tags = serializers.PrimaryKeyRelatedField(queryset=Tag.objects.all(), many=True, required=False)

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


class CartItemSerializer(serializers.ModelSerializer):
    """A line of the request user's cart."""

    customer = serializers.HiddenField(default=CurrentCustomerDefault())
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.filter(is_active=True))
    product_detail = ProductBriefSerializer(source="product", read_only=True)

    class Meta:
        model = CartItem
        fields = ["id", "customer", "product", "product_detail", "quantity", "added_at"]
        read_only_fields = ["added_at"]
        extra_kwargs = {"quantity": {"min_value": 1, "max_value": 1000}}

    def validate_customer(self, value: CustomerProfile | None) -> CustomerProfile:
        if value is None:
            raise serializers.ValidationError("Only customers have a cart.")
        return value


class OrderItemSerializer(serializers.ModelSerializer):
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


class OrderItemStatusSerializer(serializers.ModelSerializer):
    """What a vendor may change on an order item: its status."""

    class Meta:
        model = OrderItem
        fields = ["id", "order", "product", "quantity", "unit_price", "status"]
        read_only_fields = ["order", "product", "quantity", "unit_price"]


class BulkItemStatusSerializer(serializers.Serializer):
    """Set the status of many order items at once."""

    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=1000
    )
    status = serializers.ChoiceField(choices=OrderItem.Status.choices)


class OrderSerializer(serializers.ModelSerializer):
    """An order with its items. ``status`` follows the items; ``total_amount`` may be set and
    then holds until the items change."""

    items = OrderItemSerializer(many=True, read_only=True)
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
            "status",
            "is_paid",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]
        extra_kwargs = {
            "order_code": {"required": False},
            "total_amount": {"min_value": 0},
        }


class CustomerOrderSerializer(OrderSerializer):
    """An order as its customer sees it: nothing to edit."""

    class Meta(OrderSerializer.Meta):
        read_only_fields = OrderSerializer.Meta.fields


class VendorOrderSerializer(OrderSerializer):
    """An order as its vendor sees it: contact, date, total and payment are editable."""

    class Meta(OrderSerializer.Meta):
        read_only_fields = [
            "order_code",
            "customer",
            "vendor",
            "status",
            "created_at",
            "updated_at",
        ]


class ProductReviewSerializer(serializers.ModelSerializer):
    """A review: the author is the request user's customer profile."""

    customer = serializers.HiddenField(default=CurrentCustomerDefault())
    author = CustomerBriefSerializer(source="customer", read_only=True)
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


class CheckoutResultSerializer(serializers.Serializer):
    """The orders a checkout created."""

    orders = CustomerOrderSerializer(many=True)


# --- dashboards ---------------------------------------------------------------------------


class ViewedProductSerializer(serializers.ModelSerializer):
    """A product the customer looked at."""

    product = ProductBriefSerializer()

    class Meta:
        model = ViewedProduct
        fields = ["product", "viewed_at"]


class SearchedProductSerializer(serializers.ModelSerializer):
    """A search the customer ran."""

    class Meta:
        model = SearchedProduct
        fields = ["query", "searched_at"]


class DashboardOrderItemSerializer(serializers.ModelSerializer):
    """An order line inside a dashboard."""

    product = ProductBriefSerializer()

    class Meta:
        model = OrderItem
        fields = ["id", "product", "quantity", "unit_price", "status"]


class DashboardOrderSerializer(serializers.ModelSerializer):
    """An order inside a dashboard."""

    items = DashboardOrderItemSerializer(many=True)
    vendor = VendorBriefSerializer()
    customer = CustomerBriefSerializer(allow_null=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "order_code",
            "status",
            "is_paid",
            "total_amount",
            "created_at",
            "vendor",
            "customer",
            "items",
        ]


class SoldProductSerializer(serializers.ModelSerializer):
    """An order line sold by the vendor."""

    product = ProductBriefSerializer()
    order_code = serializers.CharField(source="order.order_code")

    class Meta:
        model = OrderItem
        fields = ["id", "order", "order_code", "product", "quantity", "unit_price", "status"]


class VendorInfoSerializer(serializers.ModelSerializer):
    """The vendor's own details."""

    username = serializers.CharField(source="user.username")
    email = serializers.EmailField(source="user.email")

    class Meta:
        model = VendorProfile
        fields = ["id", "shop_name", "description", "username", "email", "phone", "address"]


class CustomerDashboardSerializer(serializers.Serializer):
    """The spec's customer dashboard."""

    viewed_products = ViewedProductSerializer(many=True)
    searched_products = SearchedProductSerializer(many=True)
    cart_items = CartItemSerializer(many=True)
    orders = DashboardOrderSerializer(many=True)
    top_products = ProductBriefSerializer(many=True)
    favourite_products = ProductBriefSerializer(many=True)
    favourite_vendors = VendorBriefSerializer(many=True)


class ReviewBriefSerializer(serializers.ModelSerializer):
    """A review inside the vendor dashboard."""

    author = CustomerBriefSerializer(source="customer")
    product_name = serializers.CharField(source="product.name")

    class Meta:
        model = ProductReview
        fields = ["id", "product", "product_name", "author", "rating", "review", "created_at"]


class VendorDashboardSerializer(serializers.Serializer):
    """The spec's seller dashboard."""

    vendor_info = VendorInfoSerializer(source="vendor")
    products = ProductBriefSerializer(many=True)
    sold_products = SoldProductSerializer(many=True)
    orders = DashboardOrderSerializer(many=True)
    reviews = ReviewBriefSerializer(many=True)
    customers = CustomerBriefSerializer(many=True)
