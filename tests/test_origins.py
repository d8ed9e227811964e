"""Origins: an outlet's editions, reprints and one agency's wire copy each count once."""

import random
import string

import pytest

from corroborate.models import PageFingerprint
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.verdicts.origins import (
    OriginPage,
    agency_key,
    article_copies,
    cluster_origins,
    wire_credit,
)


def story(topic: str, length: int = 300) -> str:
    rng = random.Random(topic)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(400)]
    return " ".join(rng.choices(words, k=length))


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("Dam collapse kills 14\nLINDQVIST, Arvenia (MPA) - The dam failed.", "MPA"),
        ("WASHINGTON (AP) \u2014 The Senate voted.", "AP"),
        ("SEOUL, Nov. 3 (Yonhap) -- North Korea fired a missile.", "Yonhap"),
        ("The bank raised rates on Thursday.\n\n\u2014 AFP", "AFP"),
        ("By Reuters\nThe bank raised rates.", "Reuters"),
        ("PYONGYANG (KCNA) - The leader inspected a farm.", "KCNA"),
    ],
)
def test_wire_credits_at_either_end_of_the_text(text, agency):
    assert wire_credit(text) == agency


def test_an_own_report_that_cites_an_agency_midway_is_not_a_wire_copy():
    text = (
        "The council voted on Monday. " * 20
        + "Officials told AP the plan would pass. "
        + ("Residents were divided. " * 20)
    )
    assert wire_credit(text) is None


def test_agency_names_become_the_abbreviation_their_datelines_use():
    assert agency_key("Meridian Press Agency") == "MPA"
    assert agency_key("Agence France-Presse") == "AFP" == agency_key("afp")
    assert agency_key("Associated Press") == "AP"


def test_clusters_carry_the_rule_that_merged_them():
    wire = story("wire")
    pages = [
        OriginPage(1, "a.test", "https://a.test/1", text_fingerprint(wire), "MPA"),
        OriginPage(
            2, "b.test", "https://b.test/1", text_fingerprint(wire + " extra words here"), None
        ),  # an uncredited reprint
        OriginPage(3, "c.test", "https://c.test/1", text_fingerprint(story("c")), "MPA"),
        OriginPage(4, "www.d.test", "https://www.d.test/1", text_fingerprint(story("d1"))),
        OriginPage(5, "amp.d.test", "https://amp.d.test/1", text_fingerprint(story("d2"))),
        OriginPage(6, "e.test", "https://e.test/1", text_fingerprint(story("e"))),
    ]
    clusters = {cluster.page_ids: cluster for cluster in cluster_origins(pages)}
    assert set(clusters) == {(1, 2, 3), (4, 5), (6,)}
    assert clusters[(1, 2, 3)].rule == "near-duplicate text, wire credit: MPA"
    assert clusters[(4, 5)].rule == "same outlet"
    assert clusters[(6,)].rule == "single page"
    assert clusters[(1, 2, 3)].outlets == ("a.test", "b.test", "c.test")


def test_an_outlets_own_report_stays_apart_from_the_wire_copy_it_ran():
    pages = [
        OriginPage(1, "a.test", "https://a.test/own", text_fingerprint(story("own"))),
        OriginPage(2, "a.test", "https://a.test/wire", text_fingerprint(story("w")), "AP"),
        OriginPage(3, "b.test", "https://b.test/wire", text_fingerprint(story("w2")), "AP"),
    ]
    assert {c.page_ids for c in cluster_origins(pages)} == {(1,), (2, 3)}


def test_copies_of_the_article_never_count_even_inside_a_larger_page():
    article = [
        "The dam collapsed on Tuesday after a week of rain.",
        "At least 14 people were killed and 37 are missing.",
        "Around 8,000 residents were evacuated overnight from the town.",
    ]
    article_text = " ".join(article)
    fingerprints = [
        PageFingerprint(1, "copy.test", text_fingerprint(article_text)),
        PageFingerprint(2, "blog.test", text_fingerprint(story("blog"))),
        PageFingerprint(3, "own.test", text_fingerprint(story("own"))),
    ]
    texts = {
        2: story("menu") + " " + article_text + " " + story("footer", 500),
        3: "The dam collapsed on Tuesday after a week of rain. Other words follow here.",
    }
    copies = article_copies(fingerprints, text_fingerprint(article_text), texts, article)
    assert copies == {1, 2}


def test_a_claimed_copy_folds_into_a_fetched_outlet_and_never_adds_one():
    """A canonical link on another domain may merge a page into that outlet's origin (fewer
    outlets) when a page fetched from it is there; otherwise the page counts where it was
    fetched, never as the outlet it names."""
    pages = [
        OriginPage(1, "a.test", "https://a.test/1", b""),
        OriginPage(2, "b.test", "https://b.test/1", b"", claimed_canonical="https://www.a.test/1"),
        OriginPage(3, "b.test", "https://b.test/2", b"", claimed_canonical="https://reuters.com/x"),
        OriginPage(4, "c.test", "https://c.test/1", b"", claimed_canonical="https://reuters.com/y"),
    ]
    clusters = cluster_origins(pages)
    assert [cluster.page_ids for cluster in clusters] == [(1, 2, 3), (4,)]
    assert "claimed copy: a.test" in clusters[0].rule
    assert all("reuters.com" not in cluster.outlets for cluster in clusters)
