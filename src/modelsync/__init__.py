"""django-modelsync: the Django ORM's bookkeeping, done for you.

The library is split into parts, each importable on its own:

- :mod:`modelsync.tracking` -- signals with old values and "who did it" for every write;
- :mod:`modelsync.audit` -- an optional app storing every tracked change;
- :mod:`modelsync.sync` -- fields of one model kept equal on a related model;
- :mod:`modelsync.ordering` -- dense positions moved in a constant number of statements;
- :mod:`modelsync.remote` -- models mirrored to a remote OData v4 service.
"""

__version__ = "0.1.0"
