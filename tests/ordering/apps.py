from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.ordering"
    label = "tests_ordering"
    default_auto_field = "django.db.models.BigAutoField"
