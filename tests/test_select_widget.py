import re

from django import forms
from django.forms.renderers import DjangoTemplates

from s3p_portal.forms import EclFormRenderer


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
