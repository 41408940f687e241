# Order life cycle: partial order statuses, cancelled items, the refund of returned lines.

from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="refund_amount",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), max_digits=12),
        ),
        migrations.AlterField(
            model_name="order",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("order_placed", "Order Placed"),
                    ("partially_packed", "Partially Packed"),
                    ("packed", "Packed"),
                    ("partially_shipped", "Partially Shipped"),
                    ("shipped", "Shipped"),
                    ("partially_delivered", "Partially Delivered"),
                    ("delivered", "Delivered"),
                    ("partially_returned", "Partially Returned"),
                    ("returned", "Returned"),
                    ("cancelled", "Cancelled"),
                ],
                default="pending",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="orderitem",
            name="status",
            field=models.CharField(
                choices=[
                    ("order_placed", "Order Placed"),
                    ("packed", "Packed"),
                    ("shipped", "Shipped"),
                    ("delivered", "Delivered"),
                    ("returned", "Returned"),
                    ("cancelled", "Cancelled"),
                ],
                default="order_placed",
                max_length=20,
            ),
        ),
    ]
