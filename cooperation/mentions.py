"""Mentions of organisations in board posts, and how a post's text is shown.

`@` followed by a region's NUTS code (`@ES51`) or a published cluster's slug
(`@textile-cluster`) names that organisation: the post links to its page and
its representatives who sit on the board are told (`services`). A mention
starts a word, so a web address or an e-mail address holding an `@` is no
mention and is never cut in two.
"""

import re
from collections.abc import Iterable, Mapping

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, urlize
from django.utils.safestring import SafeString, mark_safe

from regions.choices import ClusterStatus
from regions.models import Cluster, Region

_MENTION = re.compile(r"(?<![^\s(])@([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)")

Organisation = Region | Cluster


def mentioned(texts: Iterable[str]) -> dict[str, Organisation]:
    """The organisations the texts mention, by their mention as written: two queries at
    most, whatever the number of texts."""
    tokens = {match.group(1) for text in texts for match in _MENTION.finditer(text)}
    if not tokens:
        return {}
    regions = {r.code: r for r in Region.objects.filter(code__in={t.upper() for t in tokens})}
    clusters = {
        c.slug: c
        for c in Cluster.objects.filter(
            status=ClusterStatus.PUBLISHED, slug__in={t.lower() for t in tokens}
        )
    }
    found: dict[str, Organisation] = {}
    for token in tokens:
        organisation = regions.get(token.upper()) or clusters.get(token.lower())
        if organisation is not None:
            found[token] = organisation
    return found


def _linked(text: str) -> SafeString:
    # urlize escapes every character it does not turn into a link.
    return mark_safe(urlize(text, autoescape=True))  # noqa: S308


def render(text: str, organisations: Mapping[str, Organisation]) -> SafeString:
    """The plain text escaped, its web addresses and the `organisations` it mentions linked,
    its line breaks kept: no HTML of the author ever reaches the page."""
    parts = []
    position = 0
    for match in _MENTION.finditer(text):
        organisation = organisations.get(match.group(1))
        if organisation is None:
            continue
        parts.append(_linked(text[position : match.start()]))
        parts.append(
            format_html(
                '<a class="ecl-link" href="{}">@{}</a>',
                organisation.get_absolute_url(),
                match.group(1),
            )
        )
        position = match.end()
    parts.append(_linked(text[position:]))
    return linebreaksbr(SafeString("".join(parts)), autoescape=True)
