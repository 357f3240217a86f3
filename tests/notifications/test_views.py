import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.choices import Delivery, Frequency, Kind
from notifications.models import Follow, Notification, Preference
from tests.accounts.factories import UserFactory
from tests.notifications.factories import FollowFactory, NotificationFactory, PreferenceFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"notifications:{name}", args=args)


@pytest.fixture
def member_client(member):
    return client_for(member)


# The list page


def test_the_list_needs_a_login(client):
    response = client.get(url("list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_list_shows_my_notifications_newest_first_with_links(member, member_client):
    now = timezone.now()
    NotificationFactory(
        recipient=member, message="Older news", created_at=now - datetime.timedelta(days=1)
    )
    NotificationFactory(recipient=member, message="Newer news", url="/areas/textiles/")
    NotificationFactory(message="Someone else's news")

    body = text_of(member_client.get(url("list")))

    assert body.index("Newer news") < body.index("Older news")
    assert '<a class="ecl-link" href="/areas/textiles/">Newer news</a>' in body
    assert "Someone else's news" not in body


def test_the_list_marks_unread_notifications(member, member_client):
    NotificationFactory(recipient=member, message="Fresh")
    read = NotificationFactory(recipient=member, message="Seen", read_at=timezone.now())

    body = text_of(member_client.get(url("list")))

    assert body.count("portal-notifications__item--unread") == 1
    assert url("mark_read", read.pk) not in body


def test_the_list_is_paginated(member, member_client):
    for n in range(25):
        NotificationFactory(recipient=member, message=f"News {n:02d}")

    first = text_of(member_client.get(url("list")))
    second = text_of(member_client.get(url("list"), {"page": 2}))

    assert first.count('<li class="portal-notifications__item') == 20
    assert second.count('<li class="portal-notifications__item') == 5
    assert 'aria-current="page">2</span>' in second


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_runs_the_same_queries_for_1_and_20_notifications(
    member, member_client, django_assert_num_queries, rows
):
    NotificationFactory.create_batch(rows, recipient=member)

    # Session, user, unread count in the header, page count, the page.
    with django_assert_num_queries(5):
        response = member_client.get(url("list"))

    assert response.status_code == 200


def test_the_header_shows_my_unread_count(member, member_client):
    NotificationFactory.create_batch(3, recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    NotificationFactory()

    response = member_client.get(reverse("home"))

    assert response.context["unread_notifications_count"] == 3
    assert "3 unread notifications" in response.text
    assert f'href="{url("list")}"' in response.text


def test_the_header_runs_no_count_for_anonymous_visitors(client):
    response = client.get(reverse("home"))

    assert "unread_notifications_count" not in response.context
    assert url("list") not in response.text


def test_i_mark_one_notification_read(member, member_client):
    notification = NotificationFactory(recipient=member)
    other = NotificationFactory(recipient=member)

    response = member_client.post(url("mark_read", notification.pk))

    assert response.status_code == 302
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None
    assert other.read_at is None


def test_marking_read_again_keeps_the_first_time(member, member_client):
    first_read = timezone.now() - datetime.timedelta(days=2)
    notification = NotificationFactory(recipient=member, read_at=first_read)

    member_client.post(url("mark_read", notification.pk))

    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_i_cannot_mark_someone_elses_notification_read(member_client):
    notification = NotificationFactory()

    assert member_client.post(url("mark_read", notification.pk)).status_code == 404

    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_takes_a_post_only(member, member_client):
    notification = NotificationFactory(recipient=member)

    assert member_client.get(url("mark_read", notification.pk)).status_code == 405
    assert member_client.get(url("mark_all_read")).status_code == 405


def test_i_mark_all_my_notifications_read(member, member_client):
    NotificationFactory.create_batch(2, recipient=member)
    someone_elses = NotificationFactory()

    response = member_client.post(url("mark_all_read"), follow=True)

    assert "2 notifications marked read." in text_of(response)
    assert not Notification.objects.filter(recipient=member).unread().exists()
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_marking_read_returns_to_a_local_next_page_only(member, member_client):
    notification = NotificationFactory(recipient=member)

    local = member_client.post(url("mark_read", notification.pk), {"next": "/dashboard/"})
    foreign = member_client.post(url("mark_all_read"), {"next": "https://evil.example.com/"})

    assert local.url == "/dashboard/"
    assert foreign.url == url("list")


# Preferences


def preferences_data(**chosen):
    return {kind: chosen.get(kind, Frequency.IMMEDIATELY) for kind in Kind.values}


def test_the_preferences_page_shows_my_choices_and_defaults(member, member_client):
    PreferenceFactory(user=member, kind=Kind.CALL_CLOSING, frequency=Frequency.WEEKLY)

    response = member_client.get(url("preferences"))

    form = response.context["form"]
    assert form["call_closing"].value() == Frequency.WEEKLY
    assert form["report_published"].value() == Frequency.IMMEDIATELY
    assert "Progress report published" in response.text


def test_i_save_a_frequency_per_kind(member, member_client):
    PreferenceFactory(user=member, kind=Kind.CALL_CLOSING, frequency=Frequency.WEEKLY)

    response = member_client.post(
        url("preferences"),
        preferences_data(call_closing=Frequency.DAILY, report_published=Frequency.NEVER),
        follow=True,
    )

    assert "Your e-mail preferences are saved." in text_of(response)
    chosen = dict(Preference.objects.filter(user=member).values_list("kind", "frequency"))
    assert chosen["call_closing"] == Frequency.DAILY
    assert chosen["report_published"] == Frequency.NEVER
    assert len(chosen) == len(Kind.values)


def test_a_bad_frequency_is_a_field_error_and_nothing_is_written(member, member_client):
    response = member_client.post(
        url("preferences"),
        preferences_data(call_closing="hourly", report_published=Frequency.NEVER),
    )

    assert response.status_code == 200
    assert "Select a valid choice." in str(response.context["form"].errors["call_closing"])
    assert not Preference.objects.filter(user=member).exists()


def test_a_missing_kind_is_a_field_error_and_nothing_is_written(member, member_client):
    data = preferences_data()
    del data["area_decided"]

    response = member_client.post(url("preferences"), data)

    assert "area_decided" in response.context["form"].errors
    assert not Preference.objects.filter(user=member).exists()


def test_choosing_never_drops_what_waits_for_a_digest_of_that_kind(member, member_client):
    PreferenceFactory(user=member, kind=Kind.CALL_CLOSING, frequency=Frequency.DAILY)
    waiting = NotificationFactory(recipient=member, kind=Kind.CALL_CLOSING, delivery="digest")
    other = NotificationFactory(recipient=member, kind=Kind.CALL_OPENING, delivery="digest")

    member_client.post(url("preferences"), preferences_data(call_closing=Frequency.NEVER))

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.delivery == Delivery.SKIPPED
    assert other.delivery == Delivery.DIGEST


def test_the_preferences_page_needs_a_login(client):
    assert client.get(url("preferences")).status_code == 302


# Following


def follows_of(user):
    return list(Follow.objects.filter(user=user).values_list("target_id", flat=True))


@pytest.mark.parametrize(
    ("kind", "make"),
    [("area", AreaFactory), ("partnership", PartnershipFactory), ("call", CallFactory)],
)
def test_i_follow_and_unfollow_a_visible_target(member, member_client, kind, make):
    target = make()

    followed = member_client.post(url("follow", kind, target.slug), follow=True)

    assert follows_of(member) == [target.pk]
    assert f"You now follow “{target}”." in text_of(followed)
    member_client.post(url("follow", kind, target.slug))
    assert follows_of(member) == [target.pk]

    unfollowed = member_client.post(url("unfollow", kind, target.slug), follow=True)

    assert follows_of(member) == []
    assert f"You no longer follow “{target}”." in text_of(unfollowed)


def test_following_returns_to_the_page_it_came_from(member_client):
    area = AreaFactory()

    response = member_client.post(url("follow", "area", area.slug), {"next": "/calls/"})

    assert response.url == "/calls/"


def test_following_returns_to_the_target_without_a_next_page(member_client):
    area = AreaFactory()

    response = member_client.post(url("follow", "area", area.slug))

    assert response.url == area.get_absolute_url()


def test_i_cannot_follow_an_area_i_cannot_see(member, member_client):
    proposal = AreaFactory(status=AreaStatus.PROPOSED)

    response = member_client.post(url("follow", "area", proposal.slug))

    assert response.status_code == 404
    assert follows_of(member) == []


def test_i_cannot_follow_a_partnership_of_an_area_i_cannot_see(member, member_client):
    partnership = PartnershipFactory(area=AreaFactory(status=AreaStatus.PROPOSED))

    assert member_client.post(url("follow", "partnership", partnership.slug)).status_code == 404


def test_the_proposing_region_may_follow_its_proposal():
    region = RegionFactory()
    proposal = AreaFactory(status=AreaStatus.PROPOSED, proposing_region=region)
    representative = representative_of(region)

    response = client_for(representative).post(url("follow", "area", proposal.slug))

    assert response.status_code == 302
    assert follows_of(representative) == [proposal.pk]


@pytest.mark.parametrize("kind", ["region", "user", "notification", "thematicarea"])
def test_only_areas_partnerships_and_calls_can_be_followed(member_client, kind):
    area = AreaFactory()

    assert member_client.post(url("follow", kind, area.slug)).status_code == 404
    assert member_client.post(url("unfollow", kind, area.slug)).status_code == 404


def test_an_unknown_slug_is_a_404(member_client):
    assert member_client.post(url("follow", "area", "no-such-area")).status_code == 404
    assert member_client.post(url("unfollow", "area", "no-such-area")).status_code == 404


def test_i_can_unfollow_an_area_that_i_can_no_longer_see(member, member_client):
    area = AreaFactory(status=AreaStatus.PROPOSED)
    FollowFactory(user=member, target=area)

    response = member_client.post(url("unfollow", "area", area.slug))

    assert response.status_code == 302
    assert follows_of(member) == []


def test_following_needs_a_login_and_a_post(client, member_client):
    area = AreaFactory()

    assert client.post(url("follow", "area", area.slug)).status_code == 302
    assert member_client.get(url("follow", "area", area.slug)).status_code == 405
    assert not Follow.objects.exists()


def test_unfollowing_leaves_other_users_follows_alone(member, member_client):
    area = AreaFactory()
    FollowFactory(user=member, target=area)
    other = FollowFactory(target=area)

    member_client.post(url("unfollow", "area", area.slug))

    assert list(Follow.objects.all()) == [other]


def test_a_call_is_followed_from_its_place_on_the_calls_page(member_client):
    call = CallFactory()

    response = member_client.post(url("follow", "call", call.slug))

    assert response.url == f"{reverse('partnerships:call_list')}#call-{call.pk}"


def test_another_user_is_unaffected_by_my_follow(member_client):
    area = AreaFactory()
    other = UserFactory()

    member_client.post(url("follow", "area", area.slug))

    assert follows_of(other) == []


def test_area_partnership_and_call_pages_offer_to_follow_them(member, member_client):
    area = AreaFactory(name="Hydrogen valleys")
    partnership = PartnershipFactory(area=area, name="Valley partners", call=CallFactory())
    FollowFactory(user=member, target=partnership)

    area_page = text_of(member_client.get(area.get_absolute_url()))
    partnership_page = text_of(member_client.get(partnership.get_absolute_url()))
    calls_page = text_of(member_client.get(reverse("partnerships:call_list")))

    assert url("follow", "area", area.slug) in area_page
    assert "Follow Hydrogen valleys" in area_page
    assert url("unfollow", "partnership", partnership.slug) in partnership_page
    assert "Stop following Valley partners" in partnership_page
    assert url("follow", "call", partnership.call.slug) in calls_page


def test_visitors_see_no_follow_button(client):
    area = AreaFactory()

    assert "/notifications/follow/" not in text_of(client.get(area.get_absolute_url()))


def test_preferences_are_one_row_of_choices_per_kind(member, member_client):
    body = text_of(member_client.get(reverse("notifications:preferences")))

    rows = re.findall(r'<th class="ecl-table__cell" scope="row"', body)
    checked = re.findall(r'<input type="radio" name="(\w+)" value="\w+" id="[\w-]+" checked>', body)
    assert len(rows) == len(Kind) and sorted(checked) == sorted(kind.value for kind in Kind)
    # Each choice is labelled with its kind and its frequency, for screen readers.
    assert f"{Kind.JOIN_REQUEST_MADE.label}: Daily digest</label>" in body
