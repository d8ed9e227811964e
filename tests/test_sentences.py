"""The sentence splitter on the cases news text throws at it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Dr. Jones in St. Louis on Jan. 5. They talked.",
            ["Mr. Smith met Dr. Jones in St. Louis on Jan. 5.", "They talked."],
        ),
        (
            "Inflation rose 3.5 percent. Prices fell 0.2% in May.",
            ["Inflation rose 3.5 percent.", "Prices fell 0.2% in May."],
        ),
        (
            "J. R. Smith scored 20 points. Gen. Mark Milley agreed.",
            ["J. R. Smith scored 20 points.", "Gen. Mark Milley agreed."],
        ),
        (
            "The U.S. Army said No. 5 was lost. The U.N. agreed.",
            ["The U.S. Army said No. 5 was lost.", "The U.N. agreed."],
        ),
        (
            "It started at 9 a.m. The police arrived at 10 a.m. on Monday.",
            ["It started at 9 a.m.", "The police arrived at 10 a.m. on Monday."],
        ),
        (
            "Apple Inc. reported record sales. He works at Apple Inc. in Cupertino.",
            ["Apple Inc. reported record sales.", "He works at Apple Inc. in Cupertino."],
        ),
    ],
)
def test_abbreviations_decimals_and_initials_do_not_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_quotes_ending_sentences() -> None:
    text = (
        '"We will rebuild," he said. "Never again." Kim denounced \u201cWestern imperialism.\u201d '
        'His remarks drew attention. She shouted "Stop!" and left.'
    )
    assert split_sentences(text) == [
        '"We will rebuild," he said.',
        '"Never again."',
        "Kim denounced \u201cWestern imperialism.\u201d",
        "His remarks drew attention.",
        'She shouted "Stop!" and left.',
    ]


def test_ellipses_questions_and_exclamations() -> None:
    text = "He waited... and waited. Then he left\u2026 Was it over? Yes! It was."
    assert split_sentences(text) == [
        "He waited... and waited.",
        "Then he left\u2026",
        "Was it over?",
        "Yes!",
        "It was.",
    ]


def test_headlines_paragraphs_and_bullets_are_separate() -> None:
    text = (
        "Storm Hits Coast\n\nThe storm made landfall on Sunday.\n\n"
        "- 12 people were evacuated\n* Power was cut\n\u2022 Schools closed\n"
        "1. Roads reopened on Monday\n\nOfficials met later."
    )
    assert split_sentences(text) == [
        "Storm Hits Coast",
        "The storm made landfall on Sunday.",
        "12 people were evacuated",
        "Power was cut",
        "Schools closed",
        "Roads reopened on Monday",
        "Officials met later.",
    ]


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "The council voted to close the\nbridge on Friday, citing\nsafety concerns. "
        "Work begins soon."
    )
    assert split_sentences(text) == [
        "The council voted to close the bridge on Friday, citing safety concerns.",
        "Work begins soon.",
    ]


def test_whitespace_is_normalised_and_empties_dropped() -> None:
    assert split_sentences("  Two\tspaces   here.\r\n\r\n   \n Next  one. ") == [
        "Two spaces here.",
        "Next one.",
    ]
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n ") == []


def test_megabyte_without_punctuation_is_one_sentence() -> None:
    text = "word " * 200_000
    sentences = split_sentences(text)
    assert len(sentences) == 1
    assert sentences[0].count("word") == 200_000


def test_megabyte_of_initials_completes() -> None:
    assert len(split_sentences("A. " * 100_000)) == 1


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(word in remaining for word in needle)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB .!?\n\"'\u201c\u201d-*1,:;")), max_size=100_000))
def test_property_sentences_are_clean_and_come_from_the_text(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s and s == " ".join(s.split()) for s in sentences)
    assert len(sentences) <= len(text.split()) + 1
    assert _is_subsequence(" ".join(sentences).split(), text.split())


def test_abbreviation_lookalike_words_still_end_sentences() -> None:
    text = "He said no. Then he left. See p. 5 and Roe v. Wade. Brazil vs. Spain ended 2-1."
    assert split_sentences(text) == [
        "He said no.",
        "Then he left.",
        "See p. 5 and Roe v. Wade.",
        "Brazil vs. Spain ended 2-1.",
    ]
