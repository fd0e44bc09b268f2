"""plancheck: check digital-government plans against their province's framework."""

import os

__version__ = "0.1.0"

# plancheck uses no pydantic plugins; looking for them scans every installed package's
# metadata at start-up (about 20 ms), on every run.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
