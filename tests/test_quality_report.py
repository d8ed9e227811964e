"""Origins, discrepancies and stances in the JSON and the terminal report."""

from corroborate.models import ClaimVerdict, Discrepancy, Evidence, OriginCluster
from corroborate.report.quality import discrepancies_json, origins_json, quality_lines


def evidence(page_id: int, stance: str) -> Evidence:
    return Evidence(
        1,
        page_id,
        page_id,
        f"https://o{page_id}.test/a",
        f"o{page_id}.test",
        "A sentence.",
        80.0,
        1.0,
        stance=stance,
        stance_confidence=0.9,
    )


VERDICT = ClaimVerdict(
    claim_position=1,
    score=40,
    verdict="partly corroborated",
    independent_outlets=2,
    pages=5,
    evidence=(
        evidence(1, "supports"),
        evidence(2, "supports"),
        evidence(3, "supports"),
        evidence(4, "contradicts"),
    ),
    origins=(
        OriginCluster(
            1, (1, 2, 5), ("o1.test", "o2.test"), ("u1", "u2", "u5"), "wire credit: AP", "supports"
        ),
        OriginCluster(2, (3,), ("o3.test",), ("u3",), "single page", "supports"),
        OriginCluster(3, (4,), ("o4.test",), ("u4",), "single page", "contradicts"),
    ),
    discrepancies=(
        Discrepancy(
            "number", "8,000 residents", "2,300 residents", 1, ("o4.test",), ("https://o4.test/a",)
        ),
    ),
)


def test_json_lists_origins_with_rule_and_pages_and_discrepancies_with_outlets():
    first = origins_json(VERDICT)[0]
    assert (first["id"], first["pages"], first["rule"], first["stance"]) == (
        1,
        3,
        "wire credit: AP",
        "supports",
    )
    [discrepancy] = discrepancies_json(VERDICT)
    assert discrepancy["summary"] == "claim: 8,000 residents; 1 outlet: 2,300 residents"
    assert discrepancy["independent_outlets"] == 1 and discrepancy["outlets"] == ["o4.test"]


def test_terminal_lines_show_origins_differences_and_unlisted_contradicting_pages():
    text = "\n".join(quality_lines(VERDICT, width=200, shown=3))
    assert "origins: 3 (5 pages)" in text and "wire credit: AP" in text
    assert "differs (number): claim: 8,000 residents; 1 outlet: 2,300 residents" in text
    assert "x o4.test (80, contradicts): https://o4.test/a" in text
    assert "x o4.test" not in "\n".join(quality_lines(VERDICT, width=200, shown=4))
