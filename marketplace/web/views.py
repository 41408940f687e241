"""Views of the web pages."""

from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    """The landing page."""
    return HttpResponse("django-modelsync marketplace")
