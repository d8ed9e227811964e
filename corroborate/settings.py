"""Scoring settings as data: each has a name, a default and a help line, in one table.

A stored run can be re-scored offline with other thresholds (``corroborate score --set
min_evidence_score=60``) because every threshold scoring uses is read from one
``ScoringSettings`` value passed down the pipeline, never from a module constant.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from corroborate.errors import CorroborateError


class BadSetting(CorroborateError):
    """A ``NAME=VALUE`` the user gave names no setting or holds no value of its type."""


def _setting(default: float | int, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class ScoringSettings:
    """Thresholds of matching, stance and verdicts. Defaults are the measured ones
    (benchmarks/README.md)."""

    min_evidence_score: float = _setting(
        50.0, "a sentence scoring below this (0-100) is not evidence for a claim"
    )
    origin_weight: float = _setting(
        0.45,
        "share of the remaining gap to 100 one perfect independent origin closes "
        "(one origin scores 45, two 70, three 83)",
    )
    model_contradicts_min: float = _setting(
        0.6, "stance-model probability needed to call a page contradicting on its own"
    )
    model_unrelated_min: float = _setting(
        0.5, "stance-model probability of 'unrelated' at which a matched page is dropped"
    )
    max_candidates: int = _setting(
        500, "per claim, this many best-bounded sentences get the full key-term check"
    )
    prefilter_threshold: int = _setting(
        50_000, "runs with more sentences than this are narrowed by full-text search first"
    )
    prefilter_limit: int = _setting(
        10_000, "per claim, at most this many sentences pass the full-text prefilter"
    )

    def with_assignments(self, assignments: Iterable[str]) -> ScoringSettings:
        """These settings with ``NAME=VALUE`` assignments applied; ``BadSetting`` when one
        names no setting or its value is not of the setting's type."""
        changes: dict[str, Any] = {}
        for assignment in assignments:
            name, sign, value = assignment.partition("=")
            name = name.strip().replace("-", "_")
            if not sign:
                raise BadSetting(f"--set wants NAME=VALUE, got {assignment!r}")
            changes[name] = _parsed(name, value.strip())
        return dataclasses.replace(self, **changes)


def describe_settings() -> list[tuple[str, float | int, str]]:
    """(name, default, help) of every scoring setting, in table order."""
    return [
        (item.name, getattr(DEFAULT_SETTINGS, item.name), item.metadata["help"])
        for item in dataclasses.fields(ScoringSettings)
    ]


DEFAULT_SETTINGS = ScoringSettings()


def _parsed(name: str, value: str) -> float | int:
    kinds: dict[str, type[float] | type[int]] = {
        name: type(default) for name, default, _ in describe_settings()
    }
    if name not in kinds:
        raise BadSetting(f"unknown setting {name!r}; known: {', '.join(sorted(kinds))}")
    try:
        parsed = kinds[name](value)
    except ValueError:
        kind = "whole number" if kinds[name] is int else "number"
        raise BadSetting(f"setting {name} takes a {kind}, got {value!r}") from None
    if parsed < 0:
        raise BadSetting(f"setting {name} cannot be negative, got {value!r}")
    return parsed
