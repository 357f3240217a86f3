"""Reporting content to the moderators: who may report what, the queue, the decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.choices import Kind
from notifications.models import Notification
from portal.models import Report, ReportReason, ReportStatus
from portal.reports import decide_report, file_report
from projects.choices import ProjectStatus
from tests.accounts.factories import UserFactory
from tests.page_helpers import assert_field_error, assert_form_error, client_for, text_of
from tests.partnerships.factories import PartnershipFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import ClusterFactory
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


def report_url(kind, slug):
    return reverse("report_content", args=[kind, slug])


@pytest.fixture
def project():
    return ProjectFactory(title="Fibre recycling", status=ProjectStatus.PUBLISHED)


def test_a_signed_in_user_reports_a_project_and_the_moderators_hear_of_it(
    member, moderator, project
):
    response = client_for(member).post(
        report_url("project", project.slug),
        {"reason": ReportReason.SPAM, "details": "An advert for a shop."},
    )

    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    report = Report.objects.get()
    assert (report.content, report.reporter, report.reason, report.status) == (
        project,
        member,
        ReportReason.SPAM,
        ReportStatus.OPEN,
    )
    assert report.content_title == "Fibre recycling"
    notice = Notification.objects.get(recipient=moderator)
    assert notice.kind == Kind.MODERATION_WAITING
    assert notice.url == reverse("admin:portal_report_change", args=[report.pk])
    assert "Fibre recycling" in notice.message


@pytest.mark.parametrize("kind", ["project", "area", "partnership", "cluster"])
def test_every_public_record_page_links_to_its_report_page(client, kind):
    record = {
        "project": lambda: ProjectFactory(status=ProjectStatus.PUBLISHED),
        "area": AreaFactory,
        "partnership": PartnershipFactory,
        "cluster": ClusterFactory,
    }[kind]()

    page = text_of(client.get(record.get_absolute_url()))

    assert f'href="{report_url(kind, record.slug)}"' in page


def test_visitors_are_asked_to_sign_in(client, project):
    response = client.get(report_url("project", project.slug))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "private",
    [
        lambda: ("project", ProjectFactory(status=ProjectStatus.DRAFT).slug),
        lambda: ("area", AreaFactory(status=AreaStatus.PROPOSED).slug),
        lambda: ("cluster", ClusterFactory(status="pending").slug),
        lambda: ("nothing", "x"),
        lambda: ("project", "no-such-project"),
    ],
    ids=["draft-project", "proposed-area", "pending-cluster", "unknown-kind", "unknown-slug"],
)
def test_what_the_user_cannot_see_cannot_be_reported(member, private):
    kind, slug = private()

    assert client_for(member).get(report_url(kind, slug)).status_code == 404
    assert client_for(member).post(report_url(kind, slug), {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_the_form_asks_for_a_reason_and_details_for_something_else(member, project):
    client = client_for(member)

    no_reason = text_of(client.post(report_url("project", project.slug), {"reason": "nonsense"}))
    assert '<fieldset aria-describedby="id_reason_error">' in no_reason
    assert "Select a valid choice." in no_reason
    assert_field_error(
        client.post(report_url("project", project.slug), {"reason": "other", "details": " "}),
        "details",
        "Say what is wrong with it.",
    )
    assert not Report.objects.exists()


def test_a_second_open_report_of_the_same_record_is_refused_until_it_is_decided(
    member, moderator, project
):
    client = client_for(member)
    client.post(report_url("project", project.slug), {"reason": "offensive"})

    again = client.post(report_url("project", project.slug), {"reason": "spam"})

    assert_form_error(again, "You have reported “Fibre recycling” already")
    decide_report(report_id=Report.objects.get().pk, moderator=moderator, upheld=True)
    client.post(report_url("project", project.slug), {"reason": "spam"})
    assert Report.objects.count() == 2


def test_reports_are_limited_per_day(member, settings):
    settings.S3P_DAILY_LIMITS = {"reports": 2}
    projects = ProjectFactory.create_batch(3, status=ProjectStatus.PUBLISHED)
    for project in projects[:2]:
        file_report(user=member, kind="project", slug=project.slug, reason="spam")

    with pytest.raises(ValidationError, match="limit of 2 reports of content"):
        file_report(user=member, kind="project", slug=projects[2].slug, reason="spam")


def test_an_open_report_waits_in_the_moderation_queue_with_its_record_page(
    moderator_client, member, project
):
    report = file_report(user=member, kind="project", slug=project.slug, reason="inaccurate")

    page = text_of(moderator_client.get(reverse("moderation_queue")))

    assert "“Fibre recycling”, reported: False or misleading" in page
    assert reverse("admin:portal_report_change", args=[report.pk]) in page
    assert 'href="/admin/portal/report/?status__exact=open">1 waiting</a>' in page


def test_the_record_page_closes_a_report_as_dealt_with(moderator_client, member, project):
    report = file_report(user=member, kind="project", slug=project.slug, reason="spam")
    record_page = moderator_client.get(reverse("admin:portal_report_change", args=[report.pk]))
    assert "Dealt with" in text_of(record_page)
    assert project.get_absolute_url() in text_of(record_page)

    moderator_client.post(
        reverse("admin:portal_report_changelist"),
        {"action": "uphold_reports", "_selected_action": report.pk, "_record": report.pk},
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.UPHELD
    assert report.decided_at is not None


def test_a_dismissal_needs_a_reason_and_only_moderators_decide(moderator, member, project):
    report = file_report(user=member, kind="project", slug=project.slug, reason="spam")

    with pytest.raises(ValidationError, match="reason for dismissing"):
        decide_report(report_id=report.pk, moderator=moderator, upheld=False, note=" ")
    with pytest.raises(ValidationError, match="Only the Commission's moderators"):
        decide_report(report_id=report.pk, moderator=UserFactory(), upheld=True)
    decide_report(report_id=report.pk, moderator=moderator, upheld=False, note="Not spam.")

    report.refresh_from_db()
    assert (report.status, report.decision_note) == (ReportStatus.DISMISSED, "Not spam.")
    with pytest.raises(ValidationError, match="decided already"):
        decide_report(report_id=report.pk, moderator=moderator, upheld=True)
