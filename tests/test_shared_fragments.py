"""`{% shared %}`: parts of a page every reader sees alike, rendered once until the next write."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.page_helpers import drawn_templates
from tests.regions.factories import nuts_region as nuts
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

HISTORY = "memberships/_history.html"


def signed_in():
    client = Client()
    client.force_login(UserFactory())
    return client


@pytest.mark.django_db
def test_the_second_signed_in_reader_gets_the_area_history_without_it_being_drawn(cache_on):
    area = AreaFactory(lead=nuts("ES70"))
    url = area.get_absolute_url()

    assert HISTORY in drawn_templates(signed_in(), url)
    assert HISTORY not in drawn_templates(signed_in(), url)


@pytest.mark.django_db(transaction=True)
def test_a_region_that_leaves_shows_in_the_history_at_once(cache_on):
    area = AreaFactory(lead=nuts("ES70"))
    member = MembershipFactory(area=area, region=nuts("PT11"))
    reader = signed_in()
    row = f'<a class="ecl-link" href="/regions/PT11/">{member.region}</a>'

    def members_and_history():
        page = reader.get(area.get_absolute_url()).text
        members = page[page.index('id="members"') : page.index('id="your-actions"')]
        history = page[page.index('id="history"') :]
        start = history.index(str(member.region))
        return members, history[start : history.index("</tr>", start)]

    members, history = members_and_history()
    assert row in members
    assert 'data-ecl-table-header="Left">—</td>' in history

    member.left_at = timezone.now()
    member.save()

    members, history = members_and_history()
    assert row not in members
    assert 'data-ecl-table-header="Left">—</td>' not in history


@pytest.mark.django_db
def test_parts_with_other_keys_are_kept_apart(cache_on):
    template = Template('{% load portal %}{% shared "part" key %}{{ text }}{% endshared %}')

    def draw(key, text):
        return template.render(Context({"key": key, "text": text}))

    assert draw(1, "first") == "first"
    assert draw(2, "second") == "second"
    assert draw(1, "changed") == "first"


def test_a_part_without_keys_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load portal %}{% shared %}text{% endshared %}")
