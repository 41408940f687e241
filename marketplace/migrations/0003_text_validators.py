# Text fields refuse invisible text-direction (bidi) control characters.

import marketplace.models.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0002_order_lifecycle'),
    ]

    operations = [
        migrations.AlterField(
            model_name='category',
            name='name',
            field=models.CharField(max_length=100, unique=True, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='order',
            name='contact',
            field=models.CharField(blank=True, max_length=200, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='product',
            name='description',
            field=models.TextField(blank=True, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='product',
            name='name',
            field=models.CharField(max_length=200, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='productreview',
            name='review',
            field=models.TextField(blank=True, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='tag',
            name='name',
            field=models.CharField(max_length=50, unique=True, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='vendorprofile',
            name='description',
            field=models.TextField(blank=True, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='vendorprofile',
            name='shop_name',
            field=models.CharField(max_length=200, validators=[marketplace.models.validators.reject_bidi_controls]),
        ),
    ]
