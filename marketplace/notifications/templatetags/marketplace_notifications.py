"""``{% customer_notifications user %}``: the newest notifications of a customer."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from marketplace.notifications.models import Notification

register = template.Library()


@register.inclusion_tag("marketplace_notifications/_notifications.html")
def customer_notifications(user: Any) -> dict[str, Any]:
    """The newest ``MARKETPLACE_DASHBOARD_LIMIT`` notifications of ``user``'s customer profile
    (none for other users), newest first."""
    profile = getattr(user, "customer_profile", None) if user.is_authenticated else None
    notifications = (
        list(Notification.objects.filter(customer=profile)[: settings.MARKETPLACE_DASHBOARD_LIMIT])
        if profile is not None
        else []
    )
    return {"notifications": notifications}
