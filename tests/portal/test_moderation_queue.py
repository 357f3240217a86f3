"""The moderators' queue: everything that waits for them, oldest first, with its admin page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.choices import Delivery, Kind
from notifications.models import Notification
from regions.choices import AffiliationStatus, ClusterStatus
from regions.services import request_affiliation
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.page_helpers import client_for, text_of
from tests.portal.factories import ReportFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import AffiliationFactory, ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation_queue")


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def waiting():
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING, created_at=days_ago(3))
    cluster = ClusterFactory(name="Pending cluster", status=ClusterStatus.PENDING)
    cluster.created_at = days_ago(10)
    cluster.save()
    area = AreaFactory(name="Proposed area", status=AreaStatus.PROPOSED, created_at=days_ago(1))
    project = ProjectFactory(title="Submitted project", status="submitted")
    # Decided already: not waiting.
    AffiliationFactory(status=AffiliationStatus.VERIFIED)
    AreaFactory(name="Active area")
    return affiliation, cluster, area, project


def test_a_moderator_sees_what_waits_oldest_first_with_its_admin_page(moderator_client, waiting):
    affiliation, cluster, area, project = waiting

    body = text_of(moderator_client.get(QUEUE))

    links = re.findall(r'<a class="ecl-link" href="(/admin/[^"]+/change/)">', body)
    assert links == [
        reverse("admin:regions_cluster_change", args=[cluster.pk]),
        reverse("admin:regions_affiliation_change", args=[affiliation.pk]),
        reverse("admin:thematic_areas_thematicarea_change", args=[area.pk]),
        reverse("admin:projects_investmentproject_change", args=[project.pk]),
    ]
    assert f"{affiliation.user} asks to represent {affiliation.organisation}." in body
    assert "Active area" not in body
    assert 'href="/admin/regions/affiliation/?status__exact=pending">1 waiting</a>' in body


def test_the_header_and_dashboard_of_a_moderator_count_what_waits(moderator_client, waiting):
    dashboard = text_of(moderator_client.get(reverse("dashboard")))

    assert "Moderation: 4 waiting" in dashboard
    assert "You moderate the platform: 4 records wait for a decision." in dashboard
    assert f'href="{QUEUE}"' in dashboard and 'href="/admin/"' in dashboard


def test_only_moderators_have_a_queue(client, member, waiting):
    member_client = client_for(member)

    assert client.get(QUEUE).status_code == 302
    assert member_client.get(QUEUE).status_code == 403
    assert "Moderation:" not in text_of(member_client.get(reverse("dashboard")))


def test_an_empty_queue_says_so(moderator_client):
    RegionFactory()

    body = text_of(moderator_client.get(QUEUE))

    assert "Nothing waits for a decision." in body
    assert "Moderation: 0 waiting" in body


def test_moderators_hear_of_what_new_waits_in_a_daily_digest_by_default(moderator):
    applicant = UserFactory(display_name="Ana Costa")
    region = RegionFactory(name="Cantabria")

    affiliation = request_affiliation(
        user=applicant,
        region=region,
        role_title="Officer",
        official_email="ana@cantabria.example.eu",
        justification="I run the strategy.",
    )

    notification = Notification.objects.get(recipient=moderator)
    assert notification.kind == Kind.MODERATION_WAITING
    assert notification.message == f"Ana Costa asks to represent {region}."
    assert notification.url == reverse("admin:regions_affiliation_change", args=[affiliation.pk])
    assert notification.delivery == Delivery.DIGEST
    assert not Notification.objects.filter(recipient=applicant).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "add",
    [
        pytest.param(
            lambda: AffiliationFactory(status=AffiliationStatus.PENDING), id="affiliation"
        ),
        pytest.param(lambda: ProjectFactory(status="submitted"), id="project"),
        pytest.param(lambda: ReportFactory(), id="report"),
    ],
)
def test_the_counts_kept_until_a_write_move_with_what_waits(cache_on, add):
    moderator_client = client_for(ModeratorFactory())
    assert "Moderation: 0 waiting" in text_of(moderator_client.get(reverse("dashboard")))

    add()

    assert "Moderation: 1 waiting" in text_of(moderator_client.get(reverse("dashboard")))
    assert "1 waiting" in text_of(moderator_client.get(QUEUE))
