"""Outlets: hosts of one registrable domain merge, independent publishers under one public
suffix (ministries under go.jp, police forces under police.uk) stay apart."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corroborate.pages.outlets import outlet_host, registrable_domain
from corroborate.verdicts.origins import OriginPage, cluster_origins
from tests.conftest import REPO_ROOT


def test_outlet_host_normalises():
    assert outlet_host("https://WWW.Example.COM:443/path") == "example.com"
    assert outlet_host("www.example.com") == "example.com"
    assert outlet_host("news.example.com.") == "news.example.com"
    assert outlet_host("http://[::1]:8080/a") == "::1"


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("www.example.com", "example.com"),
        ("edition.example.com", "example.com"),
        ("amp.example.com", "example.com"),
        ("Example.com", "example.com"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("bbc.com", "bbc.com"),
        ("edition.cnn.com", "cnn.com"),
        ("www3.nhk.or.jp", "nhk.or.jp"),
        ("nhk.or.jp", "nhk.or.jp"),
    ],
)
def test_editions_and_mirrors_of_one_outlet_share_a_key(host: str, key: str):
    assert registrable_domain(host) == key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("www.mofa.go.jp", "www.kantei.go.jp"),
        ("www.interieur.gouv.fr", "www.elysee.gouv.fr"),
        ("www.met.police.uk", "www.cheshire.police.uk"),
        ("pm.gc.ca", "www.dfo-mpo.gc.ca"),
        ("www.bbc.co.uk", "www.bbc.com"),
        ("alice.blogspot.com", "bob.blogspot.com"),  # private suffix: one platform, two publishers
    ],
)
def test_independent_outlets_under_one_public_suffix_stay_apart(first: str, second: str):
    assert registrable_domain(first) != registrable_domain(second)
    pages = [
        OriginPage(1, first, f"https://{first}/a"),
        OriginPage(2, second, f"https://{second}/b"),
    ]
    assert [cluster.page_ids for cluster in cluster_origins(pages)] == [(1,), (2,)]


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.0.0.2", "127.0.0.2"),
        ("::1", "::1"),
        ("localhost", "localhost"),
        # Names the test web uses: reserved suffixes the list does not know keep two labels.
        ("www.harbourcourier.example", "harbourcourier.example"),
        ("harbourcourier.example", "harbourcourier.example"),
        ("news.test", "news.test"),
        ("github.io", "github.io"),  # itself a public suffix: kept whole, never empty
        ("", ""),
    ],
)
def test_addresses_and_unlisted_names(host: str, key: str):
    assert registrable_domain(host) == key


def test_the_suffix_list_is_read_without_any_network_access():
    """The bundled snapshot only: a process whose sockets all raise still gets every answer."""
    script = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('network access attempted')\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.getaddrinfo = socket.create_connection = refuse\n"
        "from corroborate.pages.outlets import registrable_domain\n"
        "print(registrable_domain('www.mofa.go.jp'), registrable_domain('bob.blogspot.com'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        env={"PATH": "", "HOME": "/nonexistent", "TLDEXTRACT_CACHE": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["mofa.go.jp", "bob.blogspot.com"]
