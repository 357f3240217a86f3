"""Text checks shared by the services."""

import unicodedata

# Whitespace, control and format characters (zero-width spaces and joiners,
# bidi marks): a text made only of them looks empty on the page.
INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def is_blank(value: str) -> bool:
    """True when `value` shows nothing: empty, or only invisible characters."""
    return all(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in value)
