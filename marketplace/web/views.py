"""Catalog pages: the product list with search, and a product's page (views are recorded)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from marketplace.api.roles import customer_of
from marketplace.models import Category, Product, SearchedProduct, ViewedProduct

from .forms import AddToCartForm, SearchForm

PAGE_SIZE = 24


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the catalog."""
    return product_list(request)


def product_list(request: HttpRequest) -> HttpResponse:
    """Active products, searchable by name and description; a customer's searches are recorded."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    products = Product.objects.filter(is_active=True).select_related("vendor", "category")
    category_id = request.GET.get("category", "")
    if category_id.isdigit():
        products = products.filter(category_id=int(category_id))
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


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product with its reviews and an add-to-cart form; a customer's visit is recorded."""
    product = get_object_or_404(
        Product.objects.select_related("vendor", "category"), pk=pk, is_active=True
    )
    customer = customer_of(request.user)
    if customer is not None:
        ViewedProduct.objects.create(customer=customer, product=product)
    reviews = product.reviews.select_related("customer__user").order_by("-created_at")[:20]
    return render(
        request,
        "marketplace/product_detail.html",
        {
            "product": product,
            "reviews": reviews,
            "form": AddToCartForm(),
            "is_customer": customer is not None,
        },
    )
