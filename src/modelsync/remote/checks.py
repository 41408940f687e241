"""System checks of the remote mirrors (ids ``modelsync.E060``-``E079``, tag ``modelsync``).

Registered by the app config's ``ready()``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.apps import apps
from django.core import checks

from . import config
from .models import RemoteModel
from .options import KEY_KINDS, RemoteOptions

__all__ = ["check_model", "check_models", "check_settings", "register"]

TAG = "modelsync"
#: The largest ``$batch`` any supported server accepts (Dynamics 365).
MAX_BATCH_SIZE = 1000


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The ``MODELSYNC_REMOTE_*`` settings are usable."""
    errors: list[checks.CheckMessage] = []
    url = config.url()
    if url and urlparse(url).scheme not in ("http", "https"):
        errors.append(
            checks.Error(
                f"MODELSYNC_REMOTE_URL {url!r} is not an http(s) URL",
                hint="Set it to the OData service root, e.g. https://crm.example.com/odata/v4/crm/",
                id="modelsync.E060",
            )
        )
    try:
        if config.timeout() <= 0:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(
            checks.Error(
                "MODELSYNC_REMOTE_TIMEOUT must be a positive number of seconds",
                hint="For example MODELSYNC_REMOTE_TIMEOUT = 10",
                id="modelsync.E061",
            )
        )
    if config.token() and config.username():
        errors.append(
            checks.Error(
                "MODELSYNC_REMOTE_TOKEN and MODELSYNC_REMOTE_USERNAME are both set",
                hint="Use either a bearer token or basic authentication, not both",
                id="modelsync.E062",
            )
        )
    if config.username() and not config.password():
        errors.append(
            checks.Error(
                "MODELSYNC_REMOTE_USERNAME is set without MODELSYNC_REMOTE_PASSWORD",
                hint="Set MODELSYNC_REMOTE_PASSWORD for basic authentication",
                id="modelsync.E063",
            )
        )
    try:
        size = config.batch_size()
        if not 1 <= size <= MAX_BATCH_SIZE:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(
            checks.Error(
                f"MODELSYNC_REMOTE_BATCH_SIZE must be between 1 and {MAX_BATCH_SIZE}",
                hint="Use the server's limit: 1000 on Dynamics 365, 200 on most others",
                id="modelsync.E064",
            )
        )
    if config.on_conflict() not in ("raise", "remote_wins"):
        errors.append(
            checks.Error(
                f"MODELSYNC_REMOTE_ON_CONFLICT {config.on_conflict()!r} is not "
                f"'raise' or 'remote_wins'",
                hint='MODELSYNC_REMOTE_ON_CONFLICT = "raise" reports a RemoteConflict',
                id="modelsync.E071",
            )
        )
    if config.pull_deletes() not in ("delete", "flag"):
        errors.append(
            checks.Error(
                f"MODELSYNC_REMOTE_PULL_DELETES {config.pull_deletes()!r} is not "
                f"'delete' or 'flag'",
                hint='"flag" keeps the rows and sets remote_deleted',
                id="modelsync.E072",
            )
        )
    return errors


def check_models(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every remote model declares a usable ``RemoteOptions``."""
    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if issubclass(model, RemoteModel):
            errors += check_model(model)
    return errors


def check_model(model: Any) -> list[checks.CheckMessage]:
    """The checks of one remote model (``modelsync.E065``-``E070``, ``E073``)."""
    errors: list[checks.CheckMessage] = []
    options = getattr(model, "remote", None)
    if not isinstance(options, RemoteOptions):
        return [
            checks.Error(
                f"{model._meta.label} has no `remote = RemoteOptions(...)`",
                hint='Add e.g. remote = RemoteOptions("Accounts", fields={"name": "name"})',
                obj=model,
                id="modelsync.E065",
            )
        ]
    if options.key_kind not in KEY_KINDS:
        errors.append(
            checks.Error(
                f"{model._meta.label}.remote.key_kind {options.key_kind!r} is not one of "
                f"{', '.join(KEY_KINDS)}",
                obj=model,
                id="modelsync.E066",
            )
        )
    local_names = {field.name for field in model._meta.get_fields()}
    for name in options.fields:
        if name not in local_names:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.remote.fields names {name!r}, which is not a field "
                    f"of {model.__name__}",
                    hint="Keys of RemoteOptions.fields are local field names",
                    obj=model,
                    id="modelsync.E067",
                )
            )
            continue
        field = model._meta.get_field(name)
        related = getattr(field, "related_model", None)
        if field.many_to_many or field.one_to_many:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.{name} is many-valued; it cannot be mirrored",
                    obj=model,
                    id="modelsync.E068",
                )
            )
        elif related is not None and not issubclass(related, RemoteModel):
            errors.append(
                checks.Error(
                    f"{model._meta.label}.{name} points to {related._meta.label}, which is not "
                    f"a RemoteModel",
                    hint="Only foreign keys to other remote models can be mirrored",
                    obj=model,
                    id="modelsync.E069",
                )
            )
    for name in options.bind:
        if name not in options.fields or not getattr(
            model._meta.get_field(name) if name in local_names else None, "is_relation", False
        ):
            errors.append(
                checks.Error(
                    f"{model._meta.label}.remote.bind names {name!r}, which is not a mapped "
                    f"foreign key of {model.__name__}",
                    hint="bind maps foreign keys listed in fields to navigation properties",
                    obj=model,
                    id="modelsync.E073",
                )
            )
    if config.outbox() and not options.uses_client_keys:
        errors.append(
            checks.Error(
                f"MODELSYNC_REMOTE_OUTBOX needs client-generated guid keys, but "
                f"{model._meta.label} has key_kind={options.key_kind!r}, "
                f"client_keys={options.client_keys}",
                hint="Without a key known in advance a retried create could be duplicated",
                obj=model,
                id="modelsync.E070",
            )
        )
    return errors


def register() -> None:
    """Register the checks of this module (called once by the app config's ``ready()``)."""
    checks.register(check_settings, TAG)
    checks.register(check_models, TAG, checks.Tags.models)
