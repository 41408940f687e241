"""Customer notifications fed from the change stream: order and item life-cycle events of
``modelsync.events`` become short messages on the customer dashboard.

Run the relay (``manage.py modelsync_events relay``) and the consumer
(``manage.py notifications``); the dashboard shows the newest with
``{% load marketplace_notifications %}{% customer_notifications request.user %}``.
"""
