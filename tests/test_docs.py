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


def test_the_first_command_runs_the_demo_and_the_own_article_check_comes_right_after():
    install_and_run = setup_commands()[0]
    assert install_and_run.endswith("corroborate demo")
    section = README.split("## Set-up", 1)[1]
    after_demo = section.split(install_and_run, 1)[1].split("```\n", 2)[1]
    assert re.search(r"^    \.venv/bin/corroborate \S+\.txt$", after_demo, re.M)


def test_every_command_is_documented_in_the_readme():
    for name in cli.commands:
        assert f"corroborate {name}" in README, name


def test_every_crawl_setting_is_documented():
    from corroborate.sources.config import CrawlConfig

    for setting in CrawlConfig.__dataclass_fields__:
        assert setting in README, setting


def test_every_scoring_setting_is_documented():
    from corroborate.settings import describe_settings

    for name, _, _ in describe_settings():
        assert f"`{name}`" in README, name


def _configuration_section() -> str:
    return README.split("## Configuration", 1)[1].split("\n## ", 1)[0]


def documented_source_keys() -> dict[str, set[str]]:
    """Per table (``<name>`` or a source's name), the keys its Configuration rows list."""
    documented: dict[str, set[str]] = {}
    for row in re.findall(r"^\| (`\[sources\.[^|]*) \|", _configuration_section(), re.M):
        table = re.match(r"`\[sources\.([\w<>]+)\]", row).group(1)
        keys = re.findall(r"`(?:\[sources\.[\w<>]+\] )?(\w+)`", row)
        documented.setdefault(table, set()).update(keys)
    return documented


def test_every_source_and_option_of_the_registry_is_documented():
    from corroborate.sources.registry import SOURCES

    documented = documented_source_keys()
    for source in SOURCES.values():
        assert f"`{source.name}`" in _configuration_section(), source.name
        own = {option.name for option in source.own_options}
        for name in source.options:
            table = source.name if name in own else "<name>"
            assert name in documented.get(table, set()), f"[sources.{table}] {name}"


def test_the_default_config_shows_every_option_of_its_sources():
    """Each seeds table sets every option of its source, or shows it as a commented example
    when there is nothing to set (an optional market, inline URLs beside urls_file)."""
    from corroborate.sources.registry import SOURCES

    text = (ROOT / "seeds" / "sources.toml").read_text(encoding="utf-8")
    tables = dict(re.findall(r"^\[sources\.(\w+)\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S))
    assert set(tables) == set(SOURCES)
    for name, source in SOURCES.items():
        for option in source.options:
            assert re.search(rf"^(# )?{option}\s*=", tables[name], re.M), f"{name}.{option}"
