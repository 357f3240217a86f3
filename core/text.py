"""Text checks and shapes shared by the services."""

import unicodedata

# Whitespace, control and format characters (zero-width spaces and joiners,
# bidi marks): a text made only of them looks empty on the page.
INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def is_blank(value: str) -> bool:
    """True when `value` shows nothing: empty, or only invisible characters."""
    return all(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in value)


def single_line(value: str, limit: int) -> str:
    """`value` on one line of at most `limit` characters, for an e-mail subject.

    Line breaks of every kind (a reason typed over several lines, U+2028)
    and other control characters become spaces: a header with a line
    break is refused by the mail library on every attempt.
    """
    words = "".join(
        " " if unicodedata.category(char) in INVISIBLE_CATEGORIES else char for char in value
    ).split()
    line = " ".join(words)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def folded(value: str) -> str:
    """`value` without accents and case, to match names as people type them: "slaskie" and
    "Śląskie", "lodz" and "Łódź"."""
    decomposed = unicodedata.normalize("NFKD", value.translate(UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
