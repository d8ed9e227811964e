"""The core stays a library: ``corroborate`` never imports Scrapy or Twisted, and never opens
a connection itself. Fetching is the crawler's job (``crawler/``); the core reads what the
crawler stored, so a past run can be re-scored with no network at all."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "corroborate"
CRAWL_FRAMEWORKS = ("scrapy", "twisted")
# Modules that open connections; a core module importing one would fetch behind the crawler's
# back (no robots.txt, no URL safety checks, no pace limits).
NETWORK_MODULES = (
    "socket",
    "ssl",
    "urllib.request",
    "http.client",
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
)


def core_modules() -> list[str]:
    """Every module of the package, subpackages included; ``__main__`` runs the CLI."""
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def imported_names(source: str) -> set[str]:
    """Every module a file imports, at the top or inside a function: ``from urllib import
    request`` counts as ``urllib.request``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _matches(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == module or name.startswith(module + ".") for module in modules)


def test_every_core_subpackage_is_found():
    packages = {name.split(".")[1] for name in core_modules() if name.count(".") >= 1}
    assert {
        "claims",
        "text",
        "sources",
        "pages",
        "evidence",
        "verdicts",
        "report",
        "store",
    } <= packages


def test_no_core_module_loads_scrapy_or_twisted():
    """Each module imported in turn in a fresh interpreter; the first one that brings a crawl
    framework into ``sys.modules`` is named (an indirect import through a dependency counts)."""
    code = (
        "import importlib, json, sys\n"
        f"frameworks = {CRAWL_FRAMEWORKS!r}\n"
        "loaded = {}\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "    found = sorted(m for m in sys.modules if m.split('.')[0] in frameworks)\n"
        "    if found:\n"
        "        loaded[name] = found[:5]\n"
        "        break\n"
        "print(json.dumps(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=CORE.parent, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}


def test_no_core_module_imports_a_crawl_framework_or_a_network_module():
    """The source, read: catches imports inside functions, which importing the module skips."""
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        bad = sorted(
            name
            for name in imported_names(path.read_text(encoding="utf-8"))
            if _matches(name, CRAWL_FRAMEWORKS + NETWORK_MODULES)
        )
        if bad:
            offenders[str(path.relative_to(CORE.parent))] = bad
    assert offenders == {}


def test_the_scan_sees_every_import_form():
    source = (
        "import socket\nfrom urllib import request\nimport http.client as client\n"
        "def fetch():\n    from scrapy.http import Request\n"
        "from . import sibling\nfrom urllib.parse import urljoin\n"
    )
    flagged = {
        name
        for name in imported_names(source)
        if _matches(name, CRAWL_FRAMEWORKS + NETWORK_MODULES)
    }
    assert flagged == {
        "socket",
        "urllib.request",
        "http.client",
        "scrapy.http",
        "scrapy.http.Request",
    }
