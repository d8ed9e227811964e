"""Command-line commands beyond the core check: one module per capability, each registered on
the group in ``corroborate.cli``. Shared options and output helpers live in ``common``."""
