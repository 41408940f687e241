"""The customer dashboard and the seller dashboard (with its sales chart)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from marketplace.models import CustomerProfile, OrderItem, VendorProfile
from marketplace.services.dashboards import customer_dashboard as customer_data
from marketplace.services.dashboards import daily_sales
from marketplace.services.dashboards import vendor_dashboard as vendor_data

from .charts import sales_chart
from .order_views import item_rows
from .roles import customer_required, vendor_required


@customer_required
def customer_dashboard(request: HttpRequest, customer: CustomerProfile) -> HttpResponse:
    """What the customer viewed, searched, has in the cart and ordered, plus favourites."""
    return render(request, "marketplace/customer_dashboard.html", {"dash": customer_data(customer)})


@vendor_required
def seller_dashboard(request: HttpRequest, vendor: VendorProfile) -> HttpResponse:
    """The vendor's orders (item statuses changed here, one or many at once), products (the
    inactive ones marked), sold items, reviews, customers and a 14-day sales chart."""
    dash = vendor_data(vendor)
    return render(
        request,
        "marketplace/seller_dashboard.html",
        {
            "dash": dash,
            "orders": [(order, item_rows(order.items.all())) for order in dash.orders],
            "chart": sales_chart(daily_sales(vendor)),
            "item_statuses": OrderItem.Status.choices,
        },
    )
