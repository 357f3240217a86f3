"""A list's filter form is drawn once per address until the next write, for every reader."""

import re

import pytest
from django.urls import reverse

from core.forms import SelectOrTextInput
from tests.accounts.factories import UserFactory
from tests.page_helpers import drawn_templates
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db

OPTION = '<option value="{slug}"{selected}>{name}</option>'


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def options(client, query=""):
    return client.get(reverse("partnerships:partnership_list") + query).text


@pytest.mark.django_db(transaction=True)
def test_an_area_made_public_is_offered_at_once_to_a_reader_who_saw_the_form_before(
    cache_on, reader
):
    AreaFactory(name="Batteries", slug="batteries", status=AreaStatus.ACTIVE)
    before = options(reader)
    assert OPTION.format(slug="batteries", selected="", name="Batteries") in before

    AreaFactory(name="Hydrogen valleys", slug="hydrogen-valleys", status=AreaStatus.ACTIVE)

    after = options(reader)
    assert OPTION.format(slug="hydrogen-valleys", selected="", name="Hydrogen valleys") in after


def test_each_address_keeps_its_own_form_with_its_choices_made(cache_on, reader):
    AreaFactory(name="Batteries", slug="batteries", status=AreaStatus.ACTIVE)
    chosen = OPTION.format(slug="batteries", selected=" selected", name="Batteries")

    assert chosen not in options(reader)
    assert chosen in options(reader, "?area=batteries")
    assert chosen not in options(reader)


def test_a_filter_that_is_not_valid_is_shown_as_such_each_time(cache_on, reader):
    for _ in range(2):
        page = options(reader, "?area=no-such-area")
        assert "Some filters are not valid" in page
        assert 'aria-invalid="true"' in page or "ecl-feedback-message" in page


def test_the_second_reader_of_an_address_gets_the_form_without_it_being_drawn(cache_on, reader):
    url = reverse("projects:project_list") + "?stage=scoping"

    assert "includes/filter_form.html" in drawn_templates(reader, url)
    assert "includes/filter_form.html" not in drawn_templates(reader, url)


def test_past_too_many_to_list_an_area_is_typed_in_a_text_box(client, monkeypatch):
    monkeypatch.setattr(SelectOrTextInput, "max_options", 2)
    AreaFactory(name="Batteries", slug="batteries", status=AreaStatus.ACTIVE)
    few = options(client)
    AreaFactory(name="Hydrogen valleys", slug="hydrogen-valleys", status=AreaStatus.ACTIVE)
    AreaFactory(name="Textiles", slug="textiles", status=AreaStatus.ACTIVE)

    many = options(client, "?area=Hydrogen+valleys")

    assert OPTION.format(slug="batteries", selected="", name="Batteries") in few
    assert "<option" not in many.split('id="id_area"')[1].split("</div>")[0]
    [box] = re.findall(r'<input[^>]*name="area"[^>]*>', many)
    assert 'type="text"' in box
    assert 'value="Hydrogen valleys"' in box
    assert "ecl-text-input" in box
