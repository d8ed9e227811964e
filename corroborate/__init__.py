"""corroborate: check an article's claims against other outlets' reporting."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
