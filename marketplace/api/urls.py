"""Routes of the REST API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from . import viewsets
from .dashboards import CustomerDashboardView, VendorDashboardView

router = DefaultRouter()
router.register("categories", viewsets.CategoryViewSet, basename="category")
router.register("tags", viewsets.TagViewSet, basename="tag")
router.register("vendors", viewsets.VendorViewSet, basename="vendor")
router.register("customers", viewsets.CustomerViewSet, basename="customer")
router.register("products", viewsets.ProductViewSet, basename="product")
router.register("cart-items", viewsets.CartItemViewSet, basename="cartitem")
router.register("orders", viewsets.OrderViewSet, basename="order")
router.register("order-items", viewsets.OrderItemViewSet, basename="orderitem")
router.register("reviews", viewsets.ProductReviewViewSet, basename="review")
router.register("checkout", viewsets.CheckoutViewSet, basename="checkout")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("schema/ui/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    path(
        "customer/<int:customer_id>/dashboard/",
        CustomerDashboardView.as_view(),
        name="customer-dashboard",
    ),
    path(
        "vendor/<int:vendor_id>/dashboard/", VendorDashboardView.as_view(), name="vendor-dashboard"
    ),
    path("", include(router.urls)),
]
