"""Who hears of a published progress report and of a call opening or closing."""

import datetime

import pytest
from django.utils import timezone

from notifications.choices import Delivery, Frequency, Kind
from notifications.models import Notification
from partnerships.services import send_call_reminders
from partnerships.tasks import send_call_reminders as send_call_reminders_task
from tests.accounts.factories import UserFactory
from tests.notifications.factories import FollowFactory, PreferenceFactory
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipMembershipFactory,
)
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import MembershipFactory, ProgressReportFactory
from thematic_areas.services import publish_progress_report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def days(n):
    return datetime.timedelta(days=n)


# A progress report is published


def test_a_published_report_reaches_member_regions_and_followers_of_the_area_once():
    report = ProgressReportFactory()
    area = report.area
    lead = representative_of(area.proposing_region, user__email="lead@example.eu")
    member = representative_of(MembershipFactory(area=area).region, user__email="m@example.eu")
    follower = FollowFactory(target=area, user__email="f@example.eu").user
    FollowFactory(target=area, user=member)  # a member who follows too: one notification
    FollowFactory(user__email="elsewhere@example.eu")  # follows another area

    publish_progress_report(user=lead, report_id=report.pk)

    assert recipients(Kind.REPORT_PUBLISHED) == {member.email, follower.email}
    assert Notification.objects.filter(recipient=member).count() == 1


def test_the_lead_who_publishes_is_not_told_of_it_even_as_a_follower():
    report = ProgressReportFactory()
    lead = representative_of(report.area.proposing_region)
    FollowFactory(target=report.area, user=lead)

    publish_progress_report(user=lead, report_id=report.pk)

    assert not Notification.objects.filter(recipient=lead).exists()


def test_a_former_member_region_hears_nothing_of_a_report():
    report = ProgressReportFactory()
    lead = representative_of(report.area.proposing_region)
    gone = MembershipFactory(
        area=report.area, joined_at=timezone.now() - days(9), left_at=timezone.now()
    )
    representative_of(gone.region)

    publish_progress_report(user=lead, report_id=report.pk)

    assert recipients(Kind.REPORT_PUBLISHED) == set()


# Call reminders


@pytest.fixture
def call():
    return CallFactory(title="Textiles 2026", opens_on=TODAY, closes_on=TODAY + days(30))


@pytest.fixture
def audience(call):
    """A follower of the call, of its partnership, and a representative of a member cluster."""
    partnership = PartnershipFactory(call=call, coordinator=None)
    cluster = ClusterFactory()
    PartnershipMembershipFactory(partnership=partnership, cluster=cluster)
    return {
        FollowFactory(target=call, user__email="call@example.eu").user.email,
        FollowFactory(target=partnership, user__email="partnership@example.eu").user.email,
        representative_of(cluster, user__email="cluster@example.eu").email,
    }


def test_a_call_opening_reaches_its_audience(call, audience):
    UserFactory(email="bystander@example.eu")
    later = CallFactory(opens_on=TODAY + days(5), closes_on=TODAY + days(50))
    FollowFactory(target=later, user__email="later-call@example.eu")

    send_call_reminders(today=TODAY)

    assert recipients(Kind.CALL_OPENING) == audience
    assert recipients(Kind.CALL_CLOSING) == set()
    notification = Notification.objects.filter(kind=Kind.CALL_OPENING).first()
    assert notification.subject == call
    assert notification.message.startswith("The call “Textiles 2026” is open until ")
    assert notification.url == f"/calls/#call-{call.pk}"


def test_reminders_are_sent_once_however_often_the_task_runs(
    call, audience, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_call_reminders(today=TODAY)
        send_call_reminders(today=TODAY)
        send_call_reminders(today=TODAY + days(1))

    assert Notification.objects.filter(kind=Kind.CALL_OPENING).count() == 3
    assert len(mailoutbox) == 3


def test_the_closing_reminder_comes_seven_days_before_the_end(call, audience):
    send_call_reminders(today=call.closes_on - days(8))
    assert recipients(Kind.CALL_CLOSING) == set()

    send_call_reminders(today=call.closes_on - days(7))
    send_call_reminders(today=call.closes_on - days(6))

    assert recipients(Kind.CALL_CLOSING) == audience
    assert Notification.objects.filter(kind=Kind.CALL_CLOSING).count() == 3
    message = Notification.objects.filter(kind=Kind.CALL_CLOSING).first().message
    assert message.startswith("The call “Textiles 2026” closes on ")


def test_a_call_missed_until_its_last_week_gets_both_reminders(call, audience):
    send_call_reminders(today=call.closes_on - days(2))

    assert recipients(Kind.CALL_OPENING) == recipients(Kind.CALL_CLOSING) == audience


@pytest.mark.parametrize("offset", [-1, 31])
def test_no_reminder_before_a_call_opens_or_after_it_closed(call, audience, offset):
    send_call_reminders(today=TODAY + days(offset))

    assert not Notification.objects.exists()


def test_a_new_follower_still_hears_that_the_call_is_open(call, audience):
    send_call_reminders(today=TODAY)
    newcomer = FollowFactory(target=call).user

    send_call_reminders(today=TODAY + days(1))

    assert Notification.objects.filter(recipient=newcomer, kind=Kind.CALL_OPENING).count() == 1


def test_a_cluster_that_left_the_partnership_hears_nothing(call):
    partnership = PartnershipFactory(call=call, coordinator=None)
    membership = PartnershipMembershipFactory(
        partnership=partnership, joined_at=timezone.now() - days(9), left_at=timezone.now()
    )
    representative_of(membership.cluster)

    send_call_reminders(today=TODAY)

    assert not Notification.objects.exists()


def test_reminders_respect_the_digest_preference(call):
    user = FollowFactory(target=call).user
    PreferenceFactory(user=user, kind=Kind.CALL_OPENING, frequency=Frequency.DAILY)

    send_call_reminders(today=TODAY)

    assert Notification.objects.get(recipient=user).delivery == Delivery.DIGEST


def test_the_beat_task_reminds_of_calls_open_today(call, audience):
    assert send_call_reminders_task() == 3

    assert recipients(Kind.CALL_OPENING) == audience
