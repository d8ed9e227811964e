"""The README is part of the product: its commands must be the ones CI runs and the CLI has."""

import re
from pathlib import Path

from corroborate.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    install_and_run, install_and_test = setup_commands()
    assert "corroborate " in install_and_run and "pytest" in install_and_test
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci_script


def test_the_main_command_input_ships_with_the_repository():
    install_and_run = setup_commands()[0]
    article = install_and_run.rsplit(" ", 1)[1]
    assert (ROOT / article).is_file()


def test_every_command_is_documented_in_the_readme():
    for name in cli.commands:
        assert f"corroborate {name}" in README, name


def test_every_crawl_setting_is_documented():
    from corroborate.sources.config import CrawlConfig

    for setting in CrawlConfig.__dataclass_fields__:
        assert setting in README, setting
