"""The customer dashboard and the seller dashboard (with a sales chart drawn as SVG)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from marketplace.models import CustomerProfile, VendorProfile
from marketplace.services.dashboards import customer_dashboard as customer_data
from marketplace.services.dashboards import daily_sales
from marketplace.services.dashboards import vendor_dashboard as vendor_data

from .roles import customer_required, vendor_required

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 560, 160, 4


@customer_required
def customer_dashboard(request: HttpRequest, customer: CustomerProfile) -> HttpResponse:
    """What the customer viewed, searched, has in the cart and ordered, plus favourites."""
    return render(request, "marketplace/customer_dashboard.html", {"dash": customer_data(customer)})


def sales_chart(points: Sequence[tuple[date, Decimal]]) -> dict[str, object]:
    """Bar geometry for the seller's daily revenue (drawn server-side, no chart library)."""
    peak = max((revenue for _, revenue in points), default=Decimal("0")) or Decimal("1")
    bar_width = CHART_WIDTH / max(len(points), 1)
    bars = []
    for index, (day, revenue) in enumerate(points):
        height = float(revenue / peak) * (CHART_HEIGHT - 20)
        bars.append(
            {
                "x": round(index * bar_width + BAR_GAP / 2, 1),
                "y": round(CHART_HEIGHT - height, 1),
                "width": round(bar_width - BAR_GAP, 1),
                "height": round(height, 1),
                "day": day,
                "revenue": revenue,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "total": sum((r for _, r in points), Decimal("0.00")),
    }


@vendor_required
def seller_dashboard(request: HttpRequest, vendor: VendorProfile) -> HttpResponse:
    """The vendor's products, orders, sold items, reviews, customers and a 14-day sales chart."""
    return render(
        request,
        "marketplace/seller_dashboard.html",
        {"dash": vendor_data(vendor), "chart": sales_chart(daily_sales(vendor))},
    )
