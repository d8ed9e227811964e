"""Text from the web made safe to print: a page, a feed or a search API's error message may hold
terminal escapes (``ESC ] 0 ; title BEL`` retitles the window, ``ESC [ 2 J`` clears it, a CSI can
rewrite what was printed before) or bidi overrides that make a line read other than it is.

Text output drops them; JSON keeps every character but writes these as ``\\u`` escapes, which
``json.dumps`` does for C0 controls only.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE_CHAR = re.compile(f"[{_UNSAFE}]")


def printable(text: str) -> str:
    """``text`` without escape sequences or control characters (newlines and tabs stay)."""
    return _UNSAFE_CHAR.sub("", _ESCAPE_SEQUENCE.sub("", text))


def json_escaped(document: str) -> str:
    """A JSON document with the characters a terminal would act on written as ``\\uXXXX``
    (they can only stand inside strings, where the escape means the same character)."""
    return _UNSAFE_CHAR.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
