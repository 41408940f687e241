"""Forms of the web pages."""

from __future__ import annotations

from django import forms

__all__ = ["AddToCartForm", "SearchForm"]


class AddToCartForm(forms.Form):
    """How many of a product to put in the cart."""

    quantity = forms.IntegerField(min_value=1, max_value=1000, initial=1)


class SearchForm(forms.Form):
    """The catalog search box."""

    q = forms.CharField(max_length=255, required=False, strip=True, label="Search")
