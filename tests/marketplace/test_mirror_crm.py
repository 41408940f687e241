"""Customers mirror to the remote CRM when MARKETPLACE_REMOTE_CRM_URL is set (real CAP server)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model

from marketplace.models import CrmAccount, CustomerProfile
from modelsync.remote import RemoteQuery, get_backend
from tests.remote import conftest as remote_fixtures
from tests.remote.server import CapServer

pytestmark = pytest.mark.django_db

# The CAP server fixtures of the remote tests, shared here.
cap_server = remote_fixtures.cap_server
remote = remote_fixtures.remote
requests_made = remote_fixtures.requests_made


def crm_rows() -> list[dict[str, object]]:
    """Every account in the remote CRM."""
    return [row for page in get_backend().fetch(RemoteQuery("Accounts")) for row in page]


def make_customer(phone: str = "0049 30 1234") -> CustomerProfile:
    user = get_user_model().objects.create_user(
        "ciara",
        email="ciara@example.com",
        password="x-long-password",
        first_name="Ciara",
        last_name="O'Brien",
    )
    return CustomerProfile.objects.create(user=user, phone=phone)


def test_without_crm_url_customers_stay_local(settings: object) -> None:
    settings.MARKETPLACE_REMOTE_CRM_URL = ""  # type: ignore[attr-defined]
    settings.MODELSYNC_REMOTE_URL = ""  # type: ignore[attr-defined]
    make_customer()
    assert not CrmAccount.objects.exists()


def test_customer_is_mirrored_to_the_crm(remote: CapServer, settings: object) -> None:
    settings.MARKETPLACE_REMOTE_CRM_URL = remote.url  # type: ignore[attr-defined]
    profile = make_customer()
    account = CrmAccount.objects.skip_remote().get(customer=profile)
    (row,) = crm_rows()
    assert row["ID"] == account.remote_pk
    assert (row["name"], row["email"], row["phone"]) == (
        "Ciara O'Brien",
        "ciara@example.com",
        "0049 30 1234",
    )
    profile.user.email = "ciara@new.example.com"
    profile.user.save()
    assert crm_rows()[0]["email"] == "ciara@new.example.com"


def test_crm_outage_rolls_the_customer_back(
    remote: CapServer, settings: object, requests_made: Callable[[], int]
) -> None:
    settings.MARKETPLACE_REMOTE_CRM_URL = remote.url  # type: ignore[attr-defined]
    remote.call("setFault", status=503)
    with pytest.raises(Exception, match="503"):
        from django.db import transaction

        with transaction.atomic():
            make_customer()
    assert not CustomerProfile.objects.exists() and not CrmAccount.objects.skip_remote().exists()
    assert requests_made() >= 1


def test_admin_lists_local_rows_and_deletes_on_both_sides(
    remote: CapServer, settings: object, admin_client: object, requests_made: Callable[[], int]
) -> None:
    settings.MARKETPLACE_REMOTE_CRM_URL = remote.url  # type: ignore[attr-defined]
    account = make_customer().crm_account
    before = requests_made()
    page = admin_client.get("/admin/marketplace/crmaccount/")  # type: ignore[attr-defined]
    assert page.status_code == 200 and "Ciara O&#x27;Brien" in page.content.decode()
    assert requests_made() == before  # the changelist reads local rows only
    response = admin_client.post(  # type: ignore[attr-defined]
        "/admin/marketplace/crmaccount/",
        {"action": "delete_selected", "_selected_action": [account.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert crm_rows() == [] and not CrmAccount.objects.skip_remote().exists()


def test_crm_rows_without_a_customer_are_not_imported(remote: CapServer, settings: object) -> None:
    settings.MARKETPLACE_REMOTE_CRM_URL = remote.url  # type: ignore[attr-defined]
    account = make_customer().crm_account
    backend = get_backend()
    backend.create("Accounts", {"name": "Stranger", "email": "s@example.com", "phone": "1"})
    backend.update("Accounts", account.remote_pk, {"phone": "+353 1 555"})
    found = list(CrmAccount.objects.filter(email__endswith="example.com"))
    assert [(a.display_name, a.phone) for a in found] == [("Ciara O'Brien", "+353 1 555")]
    assert CrmAccount.objects.skip_remote().count() == 1
