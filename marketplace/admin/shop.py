"""Admin of vendors, customers, catalog and orders."""

from django.contrib import admin

from marketplace.models import CustomerProfile, Order, VendorProfile

admin.site.register(VendorProfile)
admin.site.register(CustomerProfile)
admin.site.register(Order)
