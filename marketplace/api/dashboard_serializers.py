"""Serializers of the two dashboards (``/api/customer/<id>/dashboard/``, ``/api/vendor/...``)."""

from __future__ import annotations

from rest_framework import serializers

from marketplace.models import (
    Order,
    OrderItem,
    ProductReview,
    SearchedProduct,
    VendorProfile,
    ViewedProduct,
)

from .fields import ModelSerializer
from .serializers import (
    CartItemSerializer,
    CustomerBriefSerializer,
    ProductBriefSerializer,
    VendorBriefSerializer,
)

__all__ = ["CustomerDashboardSerializer", "VendorDashboardSerializer"]


class ViewedProductSerializer(ModelSerializer):
    """A product the customer looked at."""

    product = ProductBriefSerializer()

    class Meta:
        model = ViewedProduct
        fields = ["product", "viewed_at"]


class SearchedProductSerializer(ModelSerializer):
    """A search the customer ran."""

    class Meta:
        model = SearchedProduct
        fields = ["query", "searched_at"]


class DashboardOrderItemSerializer(ModelSerializer):
    """An order line inside a dashboard."""

    product = ProductBriefSerializer()

    class Meta:
        model = OrderItem
        fields = ["id", "product", "quantity", "unit_price", "status"]


class DashboardOrderSerializer(ModelSerializer):
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


class SoldProductSerializer(ModelSerializer):
    """An order line sold by the vendor."""

    product = ProductBriefSerializer()
    order_code = serializers.CharField(source="order.order_code")

    class Meta:
        model = OrderItem
        fields = ["id", "order", "order_code", "product", "quantity", "unit_price", "status"]


class VendorInfoSerializer(ModelSerializer):
    """The vendor's own details."""

    username = serializers.CharField(source="user.username")
    email = serializers.EmailField(source="user.email")

    class Meta:
        model = VendorProfile
        fields = ["id", "shop_name", "description", "username", "email", "phone", "address"]


class CustomerDashboardSerializer(serializers.Serializer):
    """The customer dashboard: recent activity, cart, orders, top products, favourites."""

    viewed_products = ViewedProductSerializer(many=True)
    searched_products = SearchedProductSerializer(many=True)
    cart_items = CartItemSerializer(many=True)
    orders = DashboardOrderSerializer(many=True)
    top_products = ProductBriefSerializer(many=True)
    favourite_products = ProductBriefSerializer(many=True)
    favourite_vendors = VendorBriefSerializer(many=True)


class ReviewBriefSerializer(ModelSerializer):
    """A review inside the vendor dashboard."""

    author = CustomerBriefSerializer(source="customer")
    product_name = serializers.CharField(source="product.name")

    class Meta:
        model = ProductReview
        fields = ["id", "product", "product_name", "author", "rating", "review", "created_at"]


class VendorDashboardSerializer(serializers.Serializer):
    """The seller dashboard: shop, products, sales, orders, reviews, customers."""

    vendor_info = VendorInfoSerializer(source="vendor")
    products = ProductBriefSerializer(many=True)
    sold_products = SoldProductSerializer(many=True)
    orders = DashboardOrderSerializer(many=True)
    reviews = ReviewBriefSerializer(many=True)
    customers = CustomerBriefSerializer(many=True)
