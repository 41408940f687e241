"""Catalog pages: the product list with search, a product's page, a shop's page, favourites."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from marketplace.api.roles import customer_of
from marketplace.ids import InvalidId, parse_id
from marketplace.models import (
    Category,
    CustomerProfile,
    Product,
    SearchedProduct,
    VendorProfile,
    ViewedProduct,
)
from marketplace.services.reviews import ReviewError, add_review, can_review

from .errors import bad_request_page
from .forms import AddToCartForm, ReviewForm, SearchForm
from .roles import customer_required

PAGE_SIZE = 24


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the catalog."""
    return product_list(request)


def product_list(request: HttpRequest) -> HttpResponse:
    """Active products, searchable by name and description; a customer's searches are recorded.

    ``?category=`` must be a valid id: anything else (``²``, a 21-digit number) is a 400 page
    naming the value, not a lookup that fails deep in the database driver.
    """
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    products = Product.objects.filter(is_active=True).select_related("vendor", "category")
    category_param = request.GET.get("category", "")
    category_id: int | None = None
    if category_param:
        try:
            category_id = parse_id(category_param, "category")
        except InvalidId as error:
            return bad_request_page(request, str(error))
        products = products.filter(category_id=category_id)
    if query:
        products = products.filter(Q(name__icontains=query) | Q(description__icontains=query))
        customer = customer_of(request.user)
        if customer is not None:
            SearchedProduct.objects.create(customer=customer, query=query)
    page = Paginator(products.order_by("-rating", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "marketplace/product_list.html",
        {
            "page": page,
            "form": form,
            "query": query,
            "categories": Category.objects.all(),
            "category_id": category_id,
        },
    )


def record_view(customer: CustomerProfile, product: Product) -> None:
    """Note that ``customer`` opened ``product``: one row per product, its time the latest visit.

    Viewing a product again moves it to the top of "recently viewed" instead of adding a row,
    so five visits of one product don't push every other product off the list.
    """
    touched = ViewedProduct.objects.filter(customer=customer, product=product).update(
        viewed_at=timezone.now()
    )
    if not touched:
        ViewedProduct.objects.create(customer=customer, product=product)


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product with its reviews, add-to-cart and favourite buttons, and a link to its shop."""
    product = get_object_or_404(
        Product.objects.select_related("vendor", "category"), pk=pk, is_active=True
    )
    customer = customer_of(request.user)
    is_favourite = False
    if customer is not None:
        record_view(customer, product)
        is_favourite = customer.favourite_products.filter(pk=product.pk).exists()
    reviews = product.reviews.select_related("customer__user").order_by("-created_at")[:20]
    return render(
        request,
        "marketplace/product_detail.html",
        {
            "product": product,
            "reviews": reviews,
            "form": AddToCartForm(),
            "is_customer": customer is not None,
            "is_favourite": is_favourite,
            "review_form": ReviewForm() if can_review(customer, product) else None,
        },
    )


@require_POST
@customer_required
def toggle_favourite(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Add the product to the customer's favourites, or take it out if it is already there."""
    product = get_object_or_404(Product, pk=pk, is_active=True)
    favourites = customer.favourite_products
    if favourites.filter(pk=product.pk).exists():
        favourites.remove(product)
        messages.success(request, f"Removed {product.name} from your favourites.")
    else:
        favourites.add(product)
        messages.success(request, f"Added {product.name} to your favourites.")
    return redirect("product-detail", pk=product.pk)


@require_POST
@customer_required
def review(request: HttpRequest, customer: CustomerProfile, pk: int) -> HttpResponse:
    """Post a review of a product the customer received (once per product)."""
    product = get_object_or_404(Product, pk=pk, is_active=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {', '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items()
        )
        messages.error(request, f"Review not saved ({problems}).")
        return redirect("product-detail", pk=pk)
    try:
        add_review(customer, product, form.cleaned_data["rating"], form.cleaned_data["review"])
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Thank you for reviewing {product.name}.")
    return redirect("product-detail", pk=pk)


def shop(request: HttpRequest, pk: int) -> HttpResponse:
    """A vendor's shop: its description and its products for sale."""
    vendor = get_object_or_404(VendorProfile, pk=pk)
    products = (
        Product.objects.filter(vendor=vendor, is_active=True)
        .select_related("vendor", "category")
        .order_by("-rating", "-id")
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marketplace/shop.html", {"vendor": vendor, "page": page})
