"""End to end in headless Chromium: sign in, search, add to cart, check out, see the order on
the customer's and the seller's dashboards."""

from __future__ import annotations

from typing import Any

import pytest

from marketplace.models import CartItem, Order, SearchedProduct, ViewedProduct

from .factories import PASSWORD, make_customer, make_product, make_vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(f"text=Sign out ({username})")


def test_customer_buys_and_both_dashboards_show_the_order(
    page: Any, browser: Any, live_server: Any
) -> None:
    vendor = make_vendor("Lantern Shop")
    product = make_product(vendor, "Paper Lantern", "12.50", stock=5)
    make_product(vendor, "Garden Hose", "20.00")
    customer = make_customer()
    base = live_server.url

    sign_in(page, base, customer.user.username)
    page.goto(f"{base}/products/")
    page.fill("input[name=q]", "lantern")
    page.click("form.search button[type=submit]")
    page.click("text=Paper Lantern")
    page.wait_for_selector("h1:has-text('Paper Lantern')")
    page.fill("input[name=quantity]", "2")
    page.click("text=Add to cart")
    page.wait_for_selector("#cart")
    assert "Paper Lantern" in page.inner_text("#cart")
    page.click("#checkout")
    page.wait_for_selector("text=Thank you!")

    order = Order.objects.get(customer=customer)
    assert page.is_visible(f"tr[data-order-code='{order.order_code}']")
    row = page.inner_text(f"tr[data-order-code='{order.order_code}']")
    assert (
        "2 \N{MULTIPLICATION SIGN} Paper Lantern" in row
        and "$25.00" in row
        and "Order Placed" in row
    )
    assert not CartItem.objects.filter(customer=customer).exists()
    assert SearchedProduct.objects.filter(customer=customer, query="lantern").exists()
    assert ViewedProduct.objects.filter(customer=customer, product=product).exists()

    seller = browser.new_context().new_page()
    try:
        sign_in(seller, base, vendor.user.username)
        seller.goto(f"{base}/seller/")
        seller.wait_for_selector("#sales-chart")
        assert seller.is_visible(f"tbody[data-order-code='{order.order_code}']")
        assert seller.locator("#sales-chart rect.bar").count() == 14
        assert "($25.00)" in seller.inner_text("section.card h2")
    finally:
        seller.context.close()
