"""Which databases of a Datasette instance are corroborate databases, with their metadata:
found once at startup (the schema is read asynchronously), read by every hook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from datasette.app import Datasette

# A view every migrated corroborate database has; a database without it is not ours.
MARKER_VIEW = "browse_claims"

_found: WeakKeyDictionary[Datasette, dict[str, dict[str, Any]]] = WeakKeyDictionary()


def remember(datasette: Datasette, metadata: dict[str, dict[str, Any]]) -> None:
    _found[datasette] = metadata


def corroborate_databases(datasette: Datasette) -> dict[str, dict[str, Any]]:
    """Metadata of each corroborate database, by database name."""
    return _found.get(datasette, {})
