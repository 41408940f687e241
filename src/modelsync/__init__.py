"""django-modelsync: the Django ORM's bookkeeping, done for you.

The library is split into parts, each importable on its own, all plugged into one write
pipeline (tracking):

- :mod:`modelsync.tracking` -- signals with old values and "who did it" for every write, and
  the hook registry the other parts register on;
- :mod:`modelsync.audit` -- an optional app storing every tracked change;
- :mod:`modelsync.sync` -- fields of one model kept equal on a related model;
- :mod:`modelsync.ordering` -- dense positions moved in a constant number of statements;
- :mod:`modelsync.remote` -- models mirrored to a remote OData v4 service;
- :mod:`modelsync.events` -- every tracked change published through a transactional outbox.

Below them: :mod:`modelsync.db` (the SQL of each database vendor), :mod:`modelsync.compat`
(every private Django API the library uses) and :mod:`modelsync.errors` (the error base).
This package imports none of them, so ``import modelsync`` needs no Django set-up.
"""

__all__ = ["__version__"]

#: The release of the library (also in ``pyproject.toml``).
__version__ = "0.1.0"
