"""Keeps each customer's :class:`~marketplace.models.CrmAccount` in step with the customer.

Only active when the remote CRM is configured (``MARKETPLACE_REMOTE_CRM_URL``, passed on as
``MODELSYNC_REMOTE_URL``); otherwise customers stay purely local.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from modelsync import remote


def crm_enabled() -> bool:
    """Whether customers mirror to the remote CRM."""
    return bool(getattr(settings, "MARKETPLACE_REMOTE_CRM_URL", "")) and remote.enabled()


def mirror_customer(profile: Any) -> Any:
    """Create or update the CRM account of a customer profile (both sides, one transaction)."""
    from marketplace.models import CrmAccount

    user = profile.user
    values = {
        "display_name": user.get_full_name() or user.get_username(),
        "email": user.email,
        "phone": profile.phone,
    }
    account = CrmAccount.objects.skip_remote().filter(customer=profile).first()
    if account is None:
        return CrmAccount.objects.create(customer=profile, **values)
    changed = [name for name, value in values.items() if getattr(account, name) != value]
    if changed:
        for name in changed:
            setattr(account, name, values[name])
        account.save(update_fields=changed)
    return account


@receiver(post_save, sender="marketplace.CustomerProfile", dispatch_uid="marketplace_crm_profile")
def customer_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A customer profile changed: mirror it (fixtures loaded with ``raw`` are left alone)."""
    if crm_enabled() and not raw:
        mirror_customer(instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="marketplace_crm_user")
def user_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A customer's name or email changed on their user: mirror it."""
    if not crm_enabled() or raw:
        return
    profile = getattr(instance, "customer_profile", None)
    if profile is not None:
        mirror_customer(profile)
