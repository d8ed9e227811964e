"""``python -m corroborate`` is the ``corroborate`` command."""

from corroborate.cli import cli

cli(prog_name="corroborate")
