import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from core.forms import EclFormRenderer, LongSelect


def squeeze(html):
    return re.sub(r"\s+", " ", html)


def test_the_inlined_select_template_gives_django_s_markup():
    widget = forms.SelectMultiple(
        choices=[("", "---"), ("a&b", "A & <B>"), ("Group", [("c", "C"), ("d", "D")])],
        attrs={"id": "x", "required": True, "disabled": False},
    )

    ours = widget.render("f", ["a&b", "d"], renderer=EclFormRenderer())
    django = widget.render("f", ["a&b", "d"], renderer=DjangoTemplates())

    assert ours != django, "the project's template is not the one in use"
    assert "<optgroup" in ours
    assert ours.count(" selected") == 2
    assert squeeze(ours) == squeeze(django)


def test_the_long_select_gives_django_s_markup_without_the_template_engine():
    choices = [("", "---"), ("a&b", "A & <B>"), ("c", "C")]
    attrs = {"id": "x", "class": "ecl-select", "required": True, "disabled": False}

    ours = LongSelect(choices=choices, attrs=attrs).render("f", "a&b")
    django = forms.Select(choices=choices, attrs=attrs).render(
        "f", "a&b", renderer=DjangoTemplates()
    )

    assert ours.count(" selected") == 1
    assert "A &amp; &lt;B&gt;" in ours
    assert parse_html(ours) == parse_html(django)
