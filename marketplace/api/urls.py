"""Routes of the REST API."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import order_viewsets, viewsets
from .dashboards import CustomerDashboardView, VendorDashboardView
from .throttling import ThrottledObtainAuthToken

router = DefaultRouter()
router.register("categories", viewsets.CategoryViewSet, basename="category")
router.register("tags", viewsets.TagViewSet, basename="tag")
router.register("vendors", viewsets.VendorViewSet, basename="vendor")
router.register("customers", viewsets.CustomerViewSet, basename="customer")
router.register("products", viewsets.ProductViewSet, basename="product")
router.register("cart-items", viewsets.CartItemViewSet, basename="cartitem")
router.register("orders", order_viewsets.OrderViewSet, basename="order")
router.register("order-items", order_viewsets.OrderItemViewSet, basename="orderitem")
router.register("reviews", viewsets.ProductReviewViewSet, basename="review")
router.register("checkout", viewsets.CheckoutViewSet, basename="checkout")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("schema/ui/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", ThrottledObtainAuthToken.as_view(), name="api-token"),
    # ASCII digits only; the views check the range with parse_id (else 404).
    re_path(
        r"^customer/(?P<customer_id>[0-9]+)/dashboard/$",
        CustomerDashboardView.as_view(),
        name="customer-dashboard",
    ),
    re_path(
        r"^vendor/(?P<vendor_id>[0-9]+)/dashboard/$",
        VendorDashboardView.as_view(),
        name="vendor-dashboard",
    ),
    path("", include(router.urls)),
]
