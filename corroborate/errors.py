"""Specific exceptions; the CLI turns each into a one-line message and a non-zero exit."""


class CorroborateError(Exception):
    """Base class: anything the user can fix from the message alone."""


class InputError(CorroborateError):
    """The article cannot be read or is not usable text."""


class ConfigError(CorroborateError):
    """The config file is missing, malformed or names an unknown setting."""


class StorageError(CorroborateError):
    """The database cannot be opened or is not one of ours."""


class NoSuchRun(StorageError):
    """A run id that is not in the database."""


class Interrupted(CorroborateError):
    """The user stopped a check (Ctrl-C, SIGTERM): the run is incomplete and can be resumed."""
