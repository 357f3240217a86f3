"""Following a priority: told of the new postings that carry it."""

import datetime

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.choices import Direction, PostingKind
from notifications.choices import Kind
from notifications.models import Follow
from tests.accounts.factories import UserFactory
from tests.notifications.factories import FollowFactory
from tests.page_helpers import client_for, text_of
from tests.personas import notified_of
from tests.regions.factories import ClusterFactory, PriorityFactory, representative_of

pytestmark = pytest.mark.django_db


def post(priorities, area=None):
    cluster = ClusterFactory()
    return services.create_posting(
        user=representative_of(cluster),
        organisation=cluster,
        priorities=priorities,
        direction=Direction.SEEK,
        kind=PostingKind.FACILITY,
        title="3D-printing facility",
        description="For textile prototypes.",
        area=area,
        closes_on=datetime.date.today() + datetime.timedelta(days=30),
    )


def test_a_priority_is_followed_from_the_postings_filtered_by_it():
    priority = PriorityFactory(scheme="nace", code="25", name="Metal products")
    user = UserFactory()
    client = client_for(user)
    listed = f"{reverse('cooperation:posting_list')}?priority=nace:25"

    page = text_of(client.get(listed))
    client.post(reverse("notifications:follow", args=["priority", priority.pk]), {"next": listed})

    assert f"Follow {priority}" in page
    assert Follow.objects.filter(user=user, target_id=priority.pk).exists()
    assert f"Stop following {priority}" in text_of(client.get(listed))
    client.post(reverse("notifications:unfollow", args=["priority", priority.pk]))
    assert not Follow.objects.filter(user=user).exists()


def test_followers_of_a_priority_hear_of_a_new_posting_once():
    metal, textiles, other = PriorityFactory(), PriorityFactory(), PriorityFactory()
    both, one, elsewhere = UserFactory(), UserFactory(), UserFactory()
    FollowFactory(user=both, target=metal)
    FollowFactory(user=both, target=textiles)
    FollowFactory(user=one, target=textiles)
    FollowFactory(user=elsewhere, target=other)

    posting = post([metal, textiles])

    assert notified_of(posting, Kind.POSTING_PUBLISHED) == {both, one}


def test_a_follow_url_naming_no_priority_is_a_404():
    client = client_for(UserFactory())

    assert client.post(reverse("notifications:follow", args=["priority", "abc"])).status_code == 404
    assert (
        client.post(reverse("notifications:follow", args=["priority", 999999])).status_code == 404
    )
