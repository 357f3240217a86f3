from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.core.paginator import Page
from django.forms import Form
from django.template.base import FilterExpression, Parser, Token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.cache import cached_markup
from core.figures import Percentage

register = template.Library()

SPRITE = "vendor/ecl-icons/dist/sprites/icons.svg"


@register.simple_tag
def icon(name: str, size: str = "s", extra: str = "") -> SafeString:
    """An ECL icon from the sprite, hidden from assistive technology (its text is beside it)."""
    return format_html(
        '<svg class="ecl-icon ecl-icon--{} {}" focusable="false" aria-hidden="true">'
        '<use href="{}#{}"></use></svg>',
        size,
        extra,
        static(SPRITE),
        name,
    )


@register.simple_tag(takes_context=True)
def list_filters(
    context: template.Context, form: Form, reset_url: str = "", target: str = ""
) -> SafeString:
    """A list's filter form (`includes/filter_form.html`), drawn once per address until the next
    write, signed in or not: most of a list page's rendering, and the same for every reader.

    A list's filters offer every reader the same choices (a filterset never
    narrows them by user); what tells two forms apart is the address, with
    its query string, and the language, which the key holds.
    """
    request = context["request"]
    address = (
        f"{request.path}?{request.GET.urlencode()}|{type(form).__qualname__}|{reset_url}|{target}"
    )

    def draw() -> str:
        fields = {"form": form, "reset_url": reset_url, "target": target, "request": request}
        return render_to_string("includes/filter_form.html", fields)

    return cached_markup("filter-form", address, draw)


class SharedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, keys: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.keys = keys

    def render(self, context: template.Context) -> SafeString:
        keys = "|".join(str(key.resolve(context)) for key in self.keys)
        return cached_markup("shared", keys, lambda: self.nodelist.render(context))


@register.tag
def shared(parser: Parser, token: Token) -> SharedNode:
    """`{% shared "name" key… %}…{% endshared %}`: a part of a page that every reader sees alike,
    rendered once until the next write (`core.cache.cached_until_write`).

    The keys (a name, then what the part is about, such as an area's pk) tell
    the parts apart; the language and the day are part of every key. Only for
    what depends on rows, never on who reads: no form, no CSRF token, nothing
    of the user's.
    """
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not keys:
        raise template.TemplateSyntaxError("{% shared %} needs a name and what the part is about.")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, keys)


class ListTableNode(template.Node):
    def __init__(
        self,
        nodelist: template.NodeList,
        caption: FilterExpression,
        headings: list[FilterExpression],
        numeric: list[FilterExpression],
    ) -> None:
        self.nodelist = nodelist
        self.caption = caption
        self.headings = headings
        self.numeric = numeric

    def render(self, context: template.Context) -> SafeString:
        header_cells = format_html_join(
            "",
            '<th class="ecl-table__header{}" scope="col">{}</th>',
            [
                *(("", heading.resolve(context)) for heading in self.headings),
                *((" portal-numeric", heading.resolve(context)) for heading in self.numeric),
            ],
        )
        return format_html(
            '<div class="ecl-table-responsive"><table class="ecl-table ecl-table--zebra">'
            '<caption class="ecl-u-sr-only">{}</caption>'
            '<thead class="ecl-table__head"><tr class="ecl-table__row">{}</tr></thead>'
            '<tbody class="ecl-table__body">{}</tbody></table></div>',
            self.caption.resolve(context),
            header_cells,
            self.nodelist.render(context),
        )


@register.tag
def list_table(parser: Parser, token: Token) -> ListTableNode:
    """`{% list_table caption heading… [numeric heading…] %}rows{% end_list_table %}`: a list's
    ECL table, its caption for screen readers and its column headings, around the rows of its
    body; the columns named after `numeric` hold figures, aligned to the right."""
    caption, *headings = token.split_contents()[1:] or [""]
    split = headings.index("numeric") if "numeric" in headings else len(headings)
    text, figures = headings[:split], headings[split + 1 :]
    if not text:
        raise template.TemplateSyntaxError("list_table takes a caption and column headings.")
    nodelist = parser.parse(("end_list_table",))
    parser.delete_first_token()
    return ListTableNode(
        nodelist,
        parser.compile_filter(caption),
        [parser.compile_filter(heading) for heading in text],
        [parser.compile_filter(heading) for heading in figures],
    )


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """The current query string with `page` set to `number`, so filters survive paging."""
    request = context.get("request")
    if request is None:
        return f"?page={number}"
    query = request.GET.copy()
    query["page"] = number
    return "?" + urlencode(sorted(query.lists()), doseq=True)


@register.filter
def elided_pages(page: Page[Any]) -> Iterator[str | int]:
    """Page numbers around `page`, with the paginator's ellipsis where some are skipped."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def money(value: Decimal | int | float | str | None) -> str:
    """An amount in euros as the page's language writes it.

    €12,000,000 in English, 12 000 000 € in French, 12.000.000 € in German;
    cents only when there are any; "—" for no amount.
    """
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    digits = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    if (get_language() or "en").startswith("en"):
        return f"€{digits}"
    return f"{digits}\u00a0€"


@register.filter
def figure(value: Any) -> Any:
    """A cell of a table of figures: shares in percent, other decimals in euros, counts with
    their thousands, each as the page's language writes it."""
    if isinstance(value, Percentage):
        return f"{number_format(value, decimal_pos=1, use_l10n=True)}\u00a0%"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, use_l10n=True, force_grouping=True)
    return value
