"""Small helpers for the workflow page tests."""

import html
import re

from django.test import Client
from django.test.signals import template_rendered


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def drawn_templates(client, url):
    """The names of the templates rendered to answer `url`: none when it came from a cache."""
    drawn = []

    def note(sender, template, **kwargs):
        drawn.append(template.name)

    template_rendered.connect(note)
    try:
        client.get(url)
    finally:
        template_rendered.disconnect(note)
    return drawn


def text_of(response):
    return html.unescape(response.content.decode())


def assert_field_error(response, field, message, *, auto_id="id_%s"):
    """The error is shown on the field, and the input points to it with aria-describedby."""
    assert response.status_code == 200
    field_id = auto_id % field
    body = text_of(response)
    error = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', body, re.S)
    assert error, f"no error shown on {field}"
    assert message in error.group(1)
    control = re.search(rf'<(input|textarea|select)[^>]*\sid="{field_id}"[^>]*>', body)
    assert control, f"no input for {field}"
    assert re.search(rf'aria-describedby="[^"]*{field_id}_error', control.group(0))
    assert 'aria-invalid="true"' in control.group(0)


def assert_form_error(response, message):
    """A refusal that concerns the whole form, shown above it."""
    assert response.status_code == 200
    body = text_of(response)
    errors = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', body, re.S)
    assert errors, "no form error shown"
    assert message in errors.group(1)
