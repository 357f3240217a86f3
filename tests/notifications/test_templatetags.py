import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from partnerships.models import Call
from tests.accounts.factories import UserFactory
from tests.notifications.factories import FollowFactory
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.regions.factories import RegionFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load notification_tags %}{% follow_button target %}")


def render(target, user, path="/areas/somewhere/"):
    request = RequestFactory().get(path)
    request.user = user
    return TEMPLATE.render(RequestContext(request, {"target": target}))


@pytest.mark.parametrize(
    ("kind", "make"),
    [("area", AreaFactory), ("partnership", PartnershipFactory), ("call", CallFactory)],
)
def test_it_offers_to_follow_a_target_not_yet_followed(kind, make):
    target = make()

    html = render(target, UserFactory())

    assert f'action="{reverse("notifications:follow", args=[kind, target.slug])}"' in html
    assert f"Follow {target}" in html
    assert 'name="next" value="/areas/somewhere/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_it_offers_to_stop_following_a_followed_target():
    area, user = AreaFactory(), UserFactory()
    FollowFactory(user=user, target=area)

    html = render(area, user)

    assert f'action="{reverse("notifications:unfollow", args=["area", area.slug])}"' in html
    assert f"Stop following {area}" in html


def test_it_shows_nothing_to_anonymous_visitors():
    assert render(AreaFactory(), AnonymousUser()).strip() == ""


def test_it_shows_nothing_for_an_object_that_cannot_be_followed():
    assert render(RegionFactory(), UserFactory()).strip() == ""


@pytest.mark.parametrize("calls", [1, 20])
def test_a_list_of_buttons_costs_one_query_for_the_follows_however_long(
    django_assert_num_queries, calls
):
    user = UserFactory()
    targets = CallFactory.create_batch(calls)
    FollowFactory(user=user, target=targets[0])
    template = Template(
        "{% load notification_tags %}{% for call in calls %}{% follow_button call %}{% endfor %}"
    )
    request = RequestFactory().get("/calls/")
    request.user = user
    ContentType.objects.get_for_model(Call)  # cached for the process, as in production

    # The follows of the user, and the unread count of the context processor.
    with django_assert_num_queries(2):
        html = template.render(RequestContext(request, {"calls": targets}))

    assert html.count("Stop following") == 1
    assert html.count("<form") == calls
