"""The OData backend: authentication, errors, read retries only."""

from __future__ import annotations

import pytest

from modelsync.remote import RemoteQuery, get_backend
from modelsync.remote.exceptions import RemoteRequestError, RemoteUnavailable
from modelsync.remote.odata import ODataBackend

from .models import Account
from .server import CapServer, free_port

pytestmark = pytest.mark.django_db


def secure_url(server: CapServer) -> str:
    return server.url.replace("/crm/", "/secure/")


def test_basic_auth_from_settings_reaches_a_protected_service(
    remote: CapServer, settings: object
) -> None:
    settings.MODELSYNC_REMOTE_URL = secure_url(remote)  # type: ignore[attr-defined]
    with pytest.raises(RemoteRequestError) as error:
        list(Account.objects.filter(name="x"))
    assert error.value.status == 401
    settings.MODELSYNC_REMOTE_USERNAME = "alice"  # type: ignore[attr-defined]
    settings.MODELSYNC_REMOTE_PASSWORD = "secret"  # type: ignore[attr-defined]
    Account.objects.create(name="Authenticated")
    assert [a.name for a in Account.objects.filter(name="Authenticated")] == ["Authenticated"]


def test_bearer_token_from_settings_is_sent(remote: CapServer, settings: object) -> None:
    settings.MODELSYNC_REMOTE_TOKEN = "t0ken"  # type: ignore[attr-defined]
    backend = get_backend()
    assert backend.session.headers["Authorization"] == "Bearer t0ken"  # type: ignore[attr-defined]
    assert backend.session.auth is None  # type: ignore[attr-defined]


def test_unreachable_server_is_reported_with_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/odata/v4/crm/"
    backend = ODataBackend(url, timeout=2, read_retries=2)
    with pytest.raises(RemoteUnavailable, match=r"127\.0\.0\.1"):
        list(backend.fetch(RemoteQuery("Accounts")))
    with pytest.raises(RemoteUnavailable):
        backend.create("Accounts", {"name": "x"})
    # reads retried (1 + 2 attempts inside one counted request), writes sent once
    assert backend.request_count == 2


def test_only_reads_are_retried() -> None:
    backend = ODataBackend("http://127.0.0.1:9/", read_retries=3)
    adapter = backend.session.get_adapter("http://127.0.0.1:9/")
    retry = adapter.max_retries  # type: ignore[attr-defined]
    assert retry.total == 3 and set(retry.allowed_methods) == {"GET"}


def test_server_error_message_is_kept(remote: CapServer) -> None:
    with pytest.raises(RemoteRequestError, match='Element "ID" does not contain a valid UUID'):
        get_backend().get("Accounts", "'not-a-uuid'")
