"""The stance model's stemmer: FROZEN with the model it feeds.

The shipped model (data/stance_model.npz) was trained on features computed from these stems:
its IDF table is keyed by them and its cue counts join word forms through them. Changing a rule
here silently changes the model's inputs, and its accuracy with them, without failing anything
else. tests/test_stance_stemmer.py pins the outputs. To improve stemming, retrain the model
(benchmarks/train_stance.py) in the same change; for stemming anything else, do not reuse this.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to join "denies/denied/deny" without a stemming library."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3:
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("eed"):
        word = word[:-1]
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _undouble(word: str) -> str:
    """ "stopp" -> "stop", as left by "stopped"; l, s and z double in the base word too."""
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word
