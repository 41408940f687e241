"""Forms of the web pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from marketplace.services.cart import MAX_LINE_QUANTITY

__all__ = ["AddToCartForm", "ReviewForm", "SearchForm"]


class AddToCartForm(forms.Form):
    """How many of a product to put in the cart."""

    quantity = forms.IntegerField(min_value=1, max_value=MAX_LINE_QUANTITY, initial=1)


class SearchForm(forms.Form):
    """The catalog search box."""

    q = forms.CharField(max_length=255, required=False, strip=True, label="Search")


class ReviewForm(forms.Form):
    """A buyer's rating (1 to 5 stars) and text about a product they received."""

    rating = forms.TypedChoiceField(
        choices=[(str(n), "★" * n) for n in range(5, 0, -1)],
        coerce=Decimal,
        initial="5",
    )
    review = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
