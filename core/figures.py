"""The kinds of figure a table shows: a share in percent is a `Percentage`; other decimals
are amounts in euros (`core.templatetags.portal.figure` writes each as the language does)."""

from decimal import Decimal


class Percentage(Decimal):
    """A share in percent, e.g. Percentage("45.5"): a Decimal everywhere else (CSV, JSON)."""
