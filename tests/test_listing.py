from decimal import Decimal

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test.html import parse_html
from django.urls import reverse

from core.csv_export import safe_cell
from tests.page_helpers import text_of
from tests.regions.factories import RegionFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+33 1 23", "'+33 1 23"),
        ("-SUM(A1)", "'-SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("Île-de-France", "Île-de-France"),
        ("", ""),
        (None, ""),
        # Numbers are data, not text a spreadsheet would evaluate.
        (-3, -3),
        (Decimal("-2.50"), Decimal("-2.50")),
    ],
)
def test_neutralise_prefixes_text_that_would_start_a_formula(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.django_db
def test_htmx_history_restore_gets_the_whole_page(client):
    RegionFactory(code="XA1A")
    response = client.get(
        reverse("regions:region_list"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in text_of(response)


@pytest.mark.django_db
def test_filters_and_results_work_without_javascript_as_a_plain_get_form(client):
    RegionFactory(code="XA1A", name="Plain form region")
    body = text_of(client.get(reverse("regions:region_list")))
    form = body[body.index('<form method="get"') :]
    form = form[: form.index("</form>")]
    assert 'name="country"' in form and 'type="submit"' in form
    assert 'hx-get="/regions/"' in form


def render_table(source, **context):
    return Template("{% load i18n portal %}" + source).render(Context(context))


def test_a_list_table_names_itself_and_its_columns_around_its_rows():
    html = render_table(
        '{% list_table _("Projects") _("Title") name numeric _("Amount") %}'
        "<tr><td>Row</td></tr>{% end_list_table %}",
        name="<Lead>",
    )

    assert parse_html(html) == parse_html(
        '<div class="ecl-table-responsive"><table class="ecl-table ecl-table--zebra">'
        '<caption class="ecl-u-sr-only">Projects</caption>'
        '<thead class="ecl-table__head"><tr class="ecl-table__row">'
        '<th class="ecl-table__header" scope="col">Title</th>'
        '<th class="ecl-table__header" scope="col">&lt;Lead&gt;</th>'
        '<th class="ecl-table__header portal-numeric" scope="col">Amount</th>'
        "</tr></thead>"
        '<tbody class="ecl-table__body"><tr><td>Row</td></tr></tbody></table></div>'
    )


def test_a_list_table_without_columns_is_a_template_error():
    with pytest.raises(TemplateSyntaxError):
        render_table('{% list_table _("Projects") %}{% end_list_table %}')
