"""Routes of the web pages.

Every id in a path is read by :func:`marketplace.ids.parse_id` (through the ``id`` converter):
a non-ASCII digit (``/products/%D9%A1/``, an Arabic-Indic one) or a 21-digit id matches no
route and answers the styled 404 page, instead of reaching a view as ``1`` or overflowing the
database's integer column.
"""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path, register_converter

from marketplace.api.throttling import throttle_logins
from marketplace.ids import parse_id

from . import cart_views, dashboard_views, order_views, views


class IdConverter:
    """A path segment that is a valid id (ASCII digits within the database's range)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        """The id, or ``InvalidId`` (a ``ValueError``), which Django answers with a 404."""
        return parse_id(value)

    def to_url(self, value: int) -> str:
        """The id as a path segment."""
        return str(value)


register_converter(IdConverter, "id")

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        throttle_logins(auth_views.LoginView.as_view(template_name="marketplace/login.html")),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("products/", views.product_list, name="product-list"),
    path("products/<id:pk>/", views.product_detail, name="product-detail"),
    path("products/<id:pk>/favourite/", views.toggle_favourite, name="product-favourite"),
    path("products/<id:pk>/review/", views.review, name="product-review"),
    path("shops/<id:pk>/", views.shop, name="shop"),
    path("cart/", cart_views.cart, name="cart"),
    path("cart/add/<id:pk>/", cart_views.add_to_cart, name="cart-add"),
    path("cart/lines/<id:pk>/", cart_views.change_quantity, name="cart-line"),
    path("cart/remove/<id:pk>/", cart_views.remove_from_cart, name="cart-remove"),
    path("cart/checkout/", cart_views.checkout, name="checkout"),
    path("dashboard/", dashboard_views.customer_dashboard, name="customer-dashboard"),
    path("orders/<id:pk>/", order_views.order_detail, name="order-detail"),
    path("orders/<id:pk>/cancel/", order_views.cancel, name="order-cancel"),
    path("orders/<id:pk>/pay/", order_views.pay, name="order-pay"),
    path("seller/", dashboard_views.seller_dashboard, name="seller-dashboard"),
    path("seller/items/status/", order_views.change_status, name="item-status"),
]
