"""Dependency floors stay above versions with published security advisories.

No network here, so the advisories are a table kept in this file: package -> (first fixed
version, what the older versions suffer). It was written from the advisories known to the
author in 2026 (GitHub advisory database / CVE ids as cited); when a new advisory appears, add
a row and the test tells whether pyproject's floor still clears it.

Only the declared floors are checked: pip installs nothing below them, so comparing the
installed versions with the same table could never fail where this check passes.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

FIXED_IN = {
    "scrapy": (
        "2.13.4",
        "< 2.11.1: decompression bomb (GHSA-7j7m-v7m3-jqm7), cookies and "
        "Authorization leaked on cross-domain redirects (GHSA-cw9j-q3vf-hrrv), "
        "XMLFeedSpider ReDoS (GHSA-cc65-xxvf-f7r9); < 2.11.2: Proxy-Authorization "
        "leak on scheme-changing redirects; < 2.13.4: brotli decompression "
        "bomb (CVE-2025-6176)",
    ),
    "brotli": (
        "1.2.0",
        "< 1.2.0: no output limit, so decoders cannot stop a bomb (CVE-2025-6176 fix)",
    ),
    "lxml": (
        "4.9.1",
        "< 4.6.5: HTML Cleaner XSS (CVE-2020-27783, CVE-2021-28957, "
        "CVE-2021-43818); < 4.9.1: NULL dereference in iterwalk (CVE-2022-2309)",
    ),
    "lxml-html-clean": (
        "0.4.0",
        "< 0.4.0: XSS through <noscript>/<style> parsing (CVE-2024-52595)",
    ),
    "twisted": (
        "24.7.0",
        "< 23.10.0: HTTP pipelining disclosure (CVE-2023-46137); "
        "< 24.7.0: out-of-order pipelined responses (CVE-2024-41671), "
        "redirectTo XSS (CVE-2024-41810)",
    ),
    "datasette": (
        "0.64.2",
        "< 0.57: reflected XSS via ?_trace=1 (CVE-2021-32670); "
        "< 0.64.2 as recorded in the issue (not re-checked offline)",
    ),
    "protego": ("0.3.1", "no published advisory known; floor kept at a maintained release"),
}


def project_dependencies() -> list[str]:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]


def declared_floors(dependencies: list[str]) -> dict[str, Version]:
    """Package -> the lowest version a ``>=`` (or ``~=``, ``==``) line allows."""
    floors = {}
    for line in dependencies:
        requirement = Requirement(line)
        for spec in requirement.specifier:
            if spec.operator in (">=", "~=", "=="):
                floors[_normal(requirement.name)] = Version(spec.version)
    return floors


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


@pytest.mark.parametrize("package", sorted(FIXED_IN))
def test_declared_floor_clears_known_advisories(package: str):
    fixed, advisories = FIXED_IN[package]
    floors = declared_floors(project_dependencies())
    assert package in floors, f"{package} needs an explicit floor in pyproject.toml"
    assert floors[package] >= Version(fixed), f"{package} floor below {fixed}: {advisories}"


def test_floor_reader_catches_a_low_or_missing_floor():
    floors = declared_floors(
        ["lxml>=4.6", "Scrapy>=2.19,<2.20", "lxml_html_clean~=0.3", "datasette"]
    )
    assert floors["lxml"] < Version(FIXED_IN["lxml"][0])
    assert floors["scrapy"] == Version("2.19")
    assert floors["lxml-html-clean"] < Version(FIXED_IN["lxml-html-clean"][0])
    assert "datasette" not in floors
