"""Admin of vendors, customers, catalog and orders."""

from __future__ import annotations

from django.contrib import admin

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


@admin.register(VendorProfile)
class VendorProfileAdmin(admin.ModelAdmin):
    """Shops."""

    list_display = ["shop_name", "user", "phone", "created_at"]
    search_fields = ["shop_name", "user__username", "user__email"]
    list_select_related = ["user"]


@admin.register(CustomerProfile)
class CustomerProfileAdmin(admin.ModelAdmin):
    """Customers."""

    list_display = ["__str__", "user", "phone", "created_at"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user"]
    filter_horizontal = ["favourite_vendors", "favourite_products"]


@admin.register(Category, Tag)
class NameOnlyAdmin(admin.ModelAdmin):
    """Categories and tags."""

    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """The catalog."""

    list_display = ["product_id", "name", "vendor", "category", "price", "stock", "rating"]
    list_filter = ["is_active", "category"]
    search_fields = ["name", "product_id", "vendor__shop_name"]
    list_select_related = ["vendor", "category"]
    readonly_fields = ["product_id", "rating"]
    autocomplete_fields = ["vendor", "category"]
    filter_horizontal = ["tags"]


class OrderItemInline(admin.TabularInline):
    """The lines of an order (the order's status and total follow them)."""

    model = OrderItem
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders; status and total are derived from the items."""

    list_display = ["order_code", "customer", "vendor", "status", "total_amount", "is_paid"]
    list_filter = ["status", "is_paid"]
    search_fields = ["order_code", "contact"]
    list_select_related = ["customer__user", "vendor"]
    readonly_fields = ["status", "created_at", "updated_at"]
    autocomplete_fields = ["customer", "vendor"]
    inlines = [OrderItemInline]


@admin.register(ProductReview)
class ProductReviewAdmin(admin.ModelAdmin):
    """Reviews."""

    list_display = ["product", "customer", "rating", "created_at"]
    list_select_related = ["product", "customer__user"]
    autocomplete_fields = ["product", "customer"]


@admin.register(CartItem)
class CartItemAdmin(admin.ModelAdmin):
    """Carts."""

    list_display = ["customer", "product", "quantity", "added_at"]
    list_select_related = ["product", "customer__user"]
    autocomplete_fields = ["product", "customer"]
