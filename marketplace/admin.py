"""Admin of the marketplace."""

from django.contrib import admin

from .models import CustomerProfile, Order, VendorProfile

admin.site.register(VendorProfile)
admin.site.register(CustomerProfile)
admin.site.register(Order)
