"""The head row of a list's table (lists/_table.html), from its column headings."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def column_headers(*labels: str, numeric: int = 0) -> SafeString:
    """One <th> a line, in the table's head row; the last `numeric` columns hold amounts,
    aligned to the right like their cells."""
    split = len(labels) - numeric
    cells = [("ecl-table__header", label) for label in labels[:split]]
    cells += [("ecl-table__header portal-numeric", label) for label in labels[split:]]
    rows = format_html_join("\n", '      <th class="{}" scope="col">{}</th>', cells)
    return format_html("{}", rows)
