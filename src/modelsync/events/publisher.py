"""Publishing a batch with publisher confirms awaited together.

On AMQP (RabbitMQ) the channel is put in confirm mode; every message of a batch is sent, then
the broker's acknowledgements of all of them are awaited at once. That keeps the guarantee of a
confirm per message -- a batch counts as published only when the broker took every message --
without a network round trip per message. Redis answers each publish itself, so its publishes
are confirmed as they return.
"""

from __future__ import annotations

import time
from typing import cast

import amqp
from kombu import Connection, Exchange, Producer

from .errors import BrokerUnavailableError

__all__ = ["CONFIRM_TIMEOUT", "ConfirmingPublisher"]

#: Seconds to wait for the broker's confirms of a batch before giving the batch up.
CONFIRM_TIMEOUT = 30.0


class ConfirmingPublisher:
    """Publishes JSON bodies to ``exchange`` over ``connection``; see :meth:`wait_for_confirms`.

    Example::

        publisher = ConfirmingPublisher(connection, events_exchange())
        for body, key, message_id in messages:
            publisher.publish(body, key, message_id)
        publisher.wait_for_confirms()      # raises BrokerUnavailableError if one was refused
    """

    def __init__(
        self, connection: Connection, exchange: Exchange, confirm_timeout: float = CONFIRM_TIMEOUT
    ) -> None:
        self._connection = connection
        self.confirm_timeout = confirm_timeout
        channel = connection.channel()
        self._producer = Producer(channel, exchange=exchange)
        self._producer.declare()
        self._confirms = connection.transport.driver_type == "amqp"
        self._sent = 0
        self._unconfirmed: set[int] = set()
        self._refused = 0
        if self._confirms:
            amqp_channel = cast(amqp.Channel, channel)
            amqp_channel.confirm_select()
            # The broker's confirms arrive as events of the channel (absent from amqp's stubs).
            amqp_channel.events["basic_ack"].add(self._on_ack)  # type: ignore[attr-defined]
            amqp_channel.events["basic_nack"].add(self._on_nack)  # type: ignore[attr-defined]

    def _settle(self, delivery_tag: int, multiple: bool) -> int:
        # ``multiple`` settles every message up to the tag, the broker's way of batching replies.
        settled = (
            {tag for tag in self._unconfirmed if tag <= delivery_tag}
            if multiple
            else {delivery_tag} & self._unconfirmed
        )
        self._unconfirmed -= settled
        return len(settled)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._refused += self._settle(delivery_tag, multiple)

    def publish(self, body: str, routing_key: str, message_id: str) -> None:
        """Send one persistent JSON message (not yet confirmed)."""
        self._producer.publish(
            body,
            routing_key=routing_key,
            content_type="application/json",
            content_encoding="utf-8",
            message_id=message_id,
            delivery_mode=2,
            retry=False,
        )
        if self._confirms:
            self._sent += 1
            self._unconfirmed.add(self._sent)

    def wait_for_confirms(self) -> None:
        """Wait until the broker confirmed every message sent so far.

        Raises :class:`BrokerUnavailableError` when it refused any of them, or confirmed
        nothing for :attr:`confirm_timeout` seconds.
        """
        deadline = time.monotonic() + self.confirm_timeout
        while self._unconfirmed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrokerUnavailableError(
                    f"the broker confirmed none of {len(self._unconfirmed)} messages within "
                    f"{self.confirm_timeout:g} s"
                )
            try:
                self._connection.drain_events(timeout=remaining)
            except TimeoutError:
                continue
        if self._refused:
            refused, self._refused = self._refused, 0
            raise BrokerUnavailableError(f"the broker refused {refused} message(s)")
