"""``{% main_nav user as nav %}``: which links of the main navigation ``user`` gets."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AbstractBaseUser

from marketplace.api.roles import customer_of, is_staff, vendor_of
from marketplace.web.board_views import can_use_board

register = template.Library()


@dataclass(frozen=True)
class MainNav:
    """The role-dependent links: shoppers get cart and orders, vendors their dashboard, staff
    and vendors the CRM deal board, staff the admin."""

    customer: bool
    vendor: bool
    board: bool
    staff: bool


@register.simple_tag
def main_nav(user: object) -> MainNav:
    """The links ``user`` gets (all off for anonymous visitors and error pages without one)."""
    return MainNav(
        customer=customer_of(user) is not None,
        vendor=vendor_of(user) is not None,
        board=isinstance(user, AbstractBaseUser) and can_use_board(user),
        staff=is_staff(user),
    )
