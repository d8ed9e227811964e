"""Words as the matcher and the full-text index compare them: lower case, accents removed.

"São Paulo," in a page and "Sao Paulo" in a claim must be the same two words for the matcher,
and the prefilter must cut a term into the words the SQLite index holds; both read them here.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")


def normalise_words(text: str) -> list[str]:
    """Lower-case words without accents, so "São Paulo," and "Sao Paulo" compare equal."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _WORD.findall(folded)
