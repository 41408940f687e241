"""Settings of the relay processes the tests start: the tests' own database (a PostgreSQL
database or an SQLite file, named by ``MODELSYNC_EVENTS_PROCESS_DB``) and private exchange."""

from __future__ import annotations

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["MODELSYNC_EVENTS_PROCESS_DB"]
MODELSYNC_EVENTS_BROKER_URL = os.environ["MODELSYNC_EVENTS_BROKER_URL"]
MODELSYNC_EVENTS_EXCHANGE = os.environ["MODELSYNC_EVENTS_EXCHANGE"]
