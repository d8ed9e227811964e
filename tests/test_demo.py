"""``corroborate demo``: the whole pipeline against the demo web shipped in the package, served
on 127.0.0.1, with a real result (every kind of finding the demo web was written to show)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import tomli_w

from corroborate.demo.dates import fill_dates, story_day
from crawler.demo.content import load_web
from crawler.demo.server import DemoServer
from tests.conftest import run_cli
from tests.netns import offline, require_no_network_namespace

pytestmark = pytest.mark.crawl


def test_the_demo_checks_its_article_for_real_and_tells_how_to_browse_it(tmp_path):
    db = tmp_path / "demo.db"
    result = run_cli("demo", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    claims = {claim["id"]: claim for claim in json.loads(result.stdout)["claims"]}
    verdicts = {position: claim["verdict"] for position, claim in claims.items()}
    assert verdicts[1] == "corroborated"  # feeds, sitemap and both search stand-ins found it
    assert verdicts[3] == "contradicted"  # 6,000 residents; outlets: 2,400
    assert verdicts[4] == "contradicted"  # the wrong day
    assert verdicts[6] == "single-source"
    assert verdicts[7] == "not found"
    assert any(d["kind"] == "quote" for d in claims[5]["discrepancies"])  # the invented quote
    rules = [origin["rule"] for origin in claims[1]["origins"]]
    assert "wire credit: NWS" in rules  # three outlets ran the wire story: one origin
    text = run_cli("demo", "--db", str(tmp_path / "text.db"))
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[1].startswith("7 claims: ")
    assert text.stdout.rstrip().endswith(f"corroborate serve --db {tmp_path / 'text.db'} --open")


def test_the_demo_runs_on_a_machine_with_no_network_but_loopback(tmp_path):
    require_no_network_namespace()
    db = tmp_path / "demo.db"
    command = [sys.executable, "-m", "corroborate", "demo", "--db", str(db), "--json"]
    result = subprocess.run(
        offline(command, loopback=True), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    verdicts = [claim["verdict"] for claim in json.loads(result.stdout)["claims"]]
    assert verdicts.count("corroborated") >= 2 and "contradicted" in verdicts


def test_the_demo_config_reaches_only_loopback_and_each_outlet_is_its_own_host():
    with DemoServer(load_web(story_day(date.today()))) as demo:
        config = tomllib.loads(tomli_w.dumps(demo.config_tables()))
    resolve = config["crawl"]["resolve"]
    assert set(resolve.values()) == {"127.0.0.1"}
    urls = [
        url
        for table in config["sources"].values()
        for url in [table.get("url", ""), *table.get("urls", [])]
        if url
    ]
    hosts = {urlsplit(url).hostname for url in urls}
    assert hosts <= {"127.0.0.1", *resolve}
    assert len(resolve) == len(demo.web.outlets)  # one host per outlet


def test_the_demo_story_is_always_recent_and_its_dates_agree():
    for offset in range(7):
        today = date(2027, 5, 3) + timedelta(days=offset)
        day = story_day(today)
        assert day.weekday() == 6 and timedelta(days=7) <= today - day <= timedelta(days=13)
    day = date(2026, 3, 1)
    assert fill_dates("late on {fire:year}, closed on {fire+2}", day) == (
        "late on Sunday, March 1, 2026, closed on Tuesday, March 3"
    )
    assert fill_dates("{fire+1:weekday} {fire+3:iso}", day) == "Monday 2026-03-04"
