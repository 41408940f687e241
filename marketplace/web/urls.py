"""Routes of the web pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import cart_views, dashboard_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="marketplace/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("products/", views.product_list, name="product-list"),
    path("products/<int:pk>/", views.product_detail, name="product-detail"),
    path("cart/", cart_views.cart, name="cart"),
    path("cart/add/<int:pk>/", cart_views.add_to_cart, name="cart-add"),
    path("cart/remove/<int:pk>/", cart_views.remove_from_cart, name="cart-remove"),
    path("cart/checkout/", cart_views.checkout, name="checkout"),
    path("dashboard/", dashboard_views.customer_dashboard, name="customer-dashboard"),
    path("seller/", dashboard_views.seller_dashboard, name="seller-dashboard"),
]
