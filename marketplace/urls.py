"""URLs of the marketplace: admin, the REST API and the web pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("marketplace.api.urls")),
    path("", include("marketplace.web.urls")),
]
