"""plancheck: check digital-government plans against their province's framework."""

__version__ = "0.1.0"
