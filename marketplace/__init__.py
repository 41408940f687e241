"""The marketplace: django-modelsync's reference project and app."""
