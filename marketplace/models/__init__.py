"""The marketplace's models, one module per area (re-exported here for Django)."""

from .accounts import *  # noqa: F403
from .board import *  # noqa: F403
from .catalog import *  # noqa: F403
from .crm import *  # noqa: F403
from .mirror import *  # noqa: F403
from .orders import *  # noqa: F403
