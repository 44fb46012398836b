"""Text hygiene shared by every reader: line splitting and character cleaning.

Only ``\\n`` and ``\\r\\n`` end a line (``str.splitlines`` would also split at U+2028,
U+2029, U+0085, form feeds and other separators that occur inside valid records). Inside a
field, lone surrogates (valid in JSON as ``"\\ud800"``, unencodable as UTF-8) become U+FFFD,
control characters are removed, and every kind of whitespace, Unicode line separators
included, collapses to one space.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0 and C1 controls that are not whitespace, DEL, and the XML-invalid non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def split_lines(text: str) -> list[str]:
    """Lines ended by ``\\n`` or ``\\r\\n`` only.

    Examples:
        >>> split_lines('{"a": "x\\u2028y"}\\r\\n{"b": 1}\\n')
        ['{"a": "x\\u2028y"}', '{"b": 1}']
        >>> split_lines("a\\x85b\\nc")
        ['a\\x85b', 'c']
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def clean_chars(value: str) -> str:
    """Lone surrogates -> U+FFFD, control characters removed (whitespace is kept).

    Examples:
        >>> clean_chars("a\\ud800b\\x01c")
        'a\\ufffdbc'
    """
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", value))


def clean_text(value: object) -> str:
    """Clean characters and collapse whitespace; None becomes the empty string.

    Examples:
        >>> clean_text("  two\\u2028lines\\x00 here ")
        'two lines here'
    """
    if value is None:
        return ""
    return _SPACE.sub(" ", clean_chars(str(value))).strip()
