"""A machine with no network, for real: ``unshare -rn`` puts a command in a network namespace
of its own, with no interface but a loopback that is down (``ip link set lo up`` raises it)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

TOOLS = {"unshare": "util-linux", "ip": "iproute2"}  # see .ci/system-packages


def require_no_network_namespace() -> None:
    """Skip (fail under CI) without the tools; skip where the kernel forbids user namespaces,
    a host policy rather than a missing package."""
    for tool, package in TOOLS.items():
        if shutil.which(tool) is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{tool} ({package}) is needed in CI: see .ci/system-packages")
            pytest.skip(f"{tool} ({package}) is not installed")
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"this host forbids user namespaces: {probe.stderr.strip()}")


def offline(command: list[str], loopback: bool = False) -> list[str]:
    """``command`` run with no network at all, or with only 127.0.0.1 when ``loopback``."""
    if not loopback:
        return ["unshare", "-rn", *command]
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command]
