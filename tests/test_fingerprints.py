"""Near-duplicate fingerprints: reprints of one story collide, independent write-ups do not."""

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from corroborate.pages.fingerprints import (
    NEAR_DUPLICATE_MIN_SIMILARITY,
    SIGNATURE_SIZE,
    are_near_duplicates,
    content_hash,
    near_duplicate_pairs,
    similarity,
    text_fingerprint,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
# First 8 bytes of the signature of a fixed sentence: stored signatures must never change.
PINNED_PREFIX = "71c0c126eebc2e3e"

WIRE_STORY = """\
ROTTERDAM, Netherlands (AP) - Dockworkers at the port of Rotterdam walked off the job on
Wednesday, halting container traffic at Europe's busiest harbour for the first time in more
than three decades. The FNV union said about 4,200 members joined the 48-hour strike after
talks with terminal operators over automation and pay broke down late on Tuesday night.
Ships queued in the North Sea as cranes stood idle along the Maasvlakte terminals, and the port
authority said at least 37 vessels were waiting to berth by the afternoon. Union negotiator
Niek Stam told reporters that operators had refused to guarantee jobs as they install more
remote-controlled cranes, a change he said would cut hundreds of positions over five years.
The operators' association said it had offered a 6 percent raise over two years and called
the strike irresponsible at a time when supply chains were still fragile. Economists warned
that a long stoppage could delay deliveries of car parts, electronics and food across Germany,
Belgium and the Netherlands, which rely on Rotterdam for much of their imports. The Dutch
infrastructure minister urged both sides to return to the table and said the government was
ready to appoint a mediator if talks did not resume by the weekend. Some shipping lines began
diverting vessels to Antwerp and Hamburg, although both ports warned that they had limited
spare capacity. Truck drivers waiting outside the terminals said they had been told to expect
delays of several days. The last strike of this scale at the port took place in 1989.
"""

INDEPENDENT_REPORT = """\
Rotterdam's container terminals fell silent on Wednesday as thousands of dockers began a
two-day stoppage, the first of its kind at the port since the late 1980s. Roughly 4,200
workers represented by the FNV took part, according to the union, after negotiations on wages
and the spread of automated cranes collapsed on Tuesday evening. By Wednesday afternoon 37
ships were anchored offshore waiting for a berth, port officials said. Niek Stam, who leads
the union side in the talks, accused employers of planning to replace hundreds of dock jobs
with remote-operated equipment without any guarantees for current staff. Employers, for their
part, pointed to a pay offer worth 6 percent spread over two years and described the walkout
as reckless. Analysts at ING said a prolonged dispute would ripple through manufacturers in
Germany and Belgium that depend on Rotterdam for components. The government has offered to
send a mediator should the two sides fail to meet again before Saturday, the infrastructure
ministry said. Several carriers were rerouting ships to Antwerp and Hamburg, both of which are
already running close to capacity, while hauliers parked outside the gates said they expected
to wait for days.
"""


def reprint(story: str, outlet: str) -> str:
    """The wire story as another outlet publishes it: own lead, own page furniture."""
    body = story.split(". ", 1)[1]
    return (
        f"{outlet} | World | Business\nListen to this article\n"
        "Port workers in the Netherlands have stopped work in a dispute over jobs and wages. "
        f"{body}\nCopyright 2026 The Associated Press. All rights reserved.\n"
        f"Sign up for the {outlet} morning briefing. Follow us on social media.\n"
    )


def test_a_wire_reprint_with_other_boilerplate_and_lead_is_a_near_duplicate():
    original = text_fingerprint(WIRE_STORY)
    for outlet in ("The Daily Ledger", "Metro Evening News"):
        copy = text_fingerprint(reprint(WIRE_STORY, outlet))
        assert are_near_duplicates(original, copy), similarity(original, copy)
    assert are_near_duplicates(
        text_fingerprint(reprint(WIRE_STORY, "The Daily Ledger")),
        text_fingerprint(reprint(WIRE_STORY, "Metro Evening News")),
    )


def test_two_outlets_own_reports_of_one_event_are_not_near_duplicates():
    wire, independent = text_fingerprint(WIRE_STORY), text_fingerprint(INDEPENDENT_REPORT)
    assert similarity(wire, independent) < NEAR_DUPLICATE_MIN_SIMILARITY / 2
    assert not are_near_duplicates(
        text_fingerprint(reprint(WIRE_STORY, "The Daily Ledger")),
        text_fingerprint(INDEPENDENT_REPORT),
    )


def test_fingerprint_ignores_case_spacing_and_punctuation():
    assert text_fingerprint(WIRE_STORY) == text_fingerprint(
        "  " + WIRE_STORY.upper().replace(", ", " ").replace("\n", "   ")
    )


def test_fingerprint_is_stable_across_processes_and_library_versions():
    """Fingerprints are stored; a changed algorithm would silently split stored clusters."""
    text = "The port of Rotterdam is closed by a strike today"
    code = f"import corroborate.pages.fingerprints as f; print(f.text_fingerprint({text!r}).hex())"
    here = text_fingerprint(text)
    there = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert here.hex() == there
    assert here[:8].hex() == PINNED_PREFIX


def test_empty_text_has_no_signature_and_matches_nothing():
    assert text_fingerprint("") == b""
    assert text_fingerprint(" ... ") == b""
    assert similarity(b"", b"") == 0.0
    assert not are_near_duplicates(b"", text_fingerprint(WIRE_STORY))


@given(st.text(max_size=400))
def test_signature_has_a_fixed_size_and_is_similar_to_itself(text):
    value = text_fingerprint(text)
    assert len(value) in (0, SIGNATURE_SIZE * 4)
    if value:
        assert similarity(value, value) == 1.0


def test_near_duplicate_pairs_agree_with_pairwise_similarity():
    texts = [
        WIRE_STORY,
        reprint(WIRE_STORY, "The Daily Ledger"),
        INDEPENDENT_REPORT,
        "",
        reprint(WIRE_STORY, "Harbour Courier"),
    ] * 20  # 100 signatures: several blocks
    signatures = [text_fingerprint(text) for text in texts]
    expected = {
        (i, j)
        for i in range(len(signatures))
        for j in range(i + 1, len(signatures))
        if similarity(signatures[i], signatures[j]) >= NEAR_DUPLICATE_MIN_SIMILARITY
    }
    found = list(near_duplicate_pairs(signatures))
    assert len(found) == len(set(found))
    assert set(found) == expected
    assert (0, 1) in expected and (0, 2) not in expected and (0, 3) not in expected


def test_content_hash_equal_after_normalisation_and_different_for_other_text():
    same = content_hash("strike halts rotterdam port")
    assert content_hash("Strike halts  Rotterdam port.") == same
    assert content_hash("Strike halts Rotterdam port") != content_hash("Strike halts Antwerp port")
    assert len(content_hash("")) == 64
