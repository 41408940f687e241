# A deal card on the board links to the marketplace order it is about.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0003_text_validators'),
    ]

    operations = [
        migrations.AddField(
            model_name='boardcard',
            name='sales_order',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='board_cards', to='marketplace.order'),
        ),
    ]
