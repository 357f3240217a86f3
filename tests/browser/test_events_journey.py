"""Events as their people use them, at phone and desktop widths.

A lead region organises a partnership meeting with one place; two member
clusters register (the second waits, and moves up when the first cancels);
the organiser publishes the minutes. At a matchmaking event three
participants book two bilateral meetings and each finds their agenda.
"""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from events.choices import EventKind, MeetingStatus, RegistrationStatus
from events.models import Event, Meeting, Registration
from notifications.choices import Kind
from notifications.models import Notification
from tests.browser.conftest import screenshot
from tests.events.factories import EventFactory, RegistrationFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def person(browser, log_in, user, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    log_in(context, user)
    page = context.new_page()
    page.set_default_timeout(10000)
    return page


def assert_fits_and_accessible(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page, options=WCAG_A_AA)
    assert not results.violations_count, results.generate_report()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_lead_organises_a_meeting_members_register_and_wait_and_minutes_follow(
    live_server, browser, log_in, width, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    area = AreaFactory(name="Smart textiles")
    partnership = PartnershipFactory(area=area, name="Recycled fibres partnership")
    first_cluster, second_cluster = ClusterFactory(), ClusterFactory()
    for cluster in (first_cluster, second_cluster):
        PartnershipMembershipFactory(partnership=partnership, cluster=cluster)
    lead = person(browser, log_in, representative_of(area.proposing_region), width)
    first = person(browser, log_in, representative_of(first_cluster), width)
    second = person(browser, log_in, representative_of(second_cluster), width)

    lead.goto(f"{base}/events/new/")
    lead.get_by_label(re.compile("^Event of")).select_option(
        label=f"Partnership: {partnership.name}"
    )
    lead.get_by_label(re.compile("^Kind")).select_option(label="Partnership meeting")
    lead.get_by_label(re.compile("^Title")).fill("Fibre sorting meeting")
    lead.get_by_label(re.compile("^Starts")).fill("2030-05-10T09:30")
    lead.get_by_label(re.compile("^Ends")).fill("2030-05-10T16:00")
    lead.get_by_label(re.compile("^Time zone")).select_option("Europe/Lisbon")
    lead.get_by_label(re.compile("^Venue")).fill("Fibre hall, Porto")
    lead.get_by_label(re.compile("^Places")).fill("1")
    lead.get_by_label(re.compile("^Who may register")).select_option(
        label="Members of the area or partnership"
    )
    assert_fits_and_accessible(lead, width)
    lead.get_by_role("button", name="Save").click()
    lead.wait_for_url(re.compile("/events/fibre-sorting-meeting/"))
    expect(lead.get_by_text("9:30 a.m. – 4 p.m. (Europe/Lisbon)")).to_be_visible()
    event = Event.objects.get()
    assert (event.partnership, event.capacity) == (partnership, 1)

    first.goto(f"{base}{event.get_absolute_url()}")
    first.get_by_role("button", name="Register").click()
    expect(first.get_by_text("You are registered.").first).to_be_visible()
    second.goto(f"{base}{event.get_absolute_url()}")
    second.get_by_role("button", name="Join the waiting list").click()
    expect(second.get_by_text("You are on the waiting list, number 1")).to_be_visible()
    assert_fits_and_accessible(second, width)

    first.get_by_role("button", name="Cancel my registration").click()
    expect(first.get_by_text("Your registration is cancelled.")).to_be_visible()
    second.reload()
    expect(second.get_by_text("You are registered.").first).to_be_visible()
    statuses = dict(Registration.objects.values_list("user__affiliations__cluster", "status"))
    assert statuses == {
        first_cluster.pk: RegistrationStatus.CANCELLED,
        second_cluster.pk: RegistrationStatus.CONFIRMED,
    }

    lead.get_by_role("link", name="Publish an agenda, minutes, decisions or a document").click()
    lead.get_by_label(re.compile("^Kind")).select_option(label="Minutes")
    lead.get_by_label(re.compile("^Title")).fill("Minutes of the meeting")
    lead.get_by_label(re.compile("^Text")).fill("Three sorting lines agreed.")
    lead.get_by_label(re.compile("^File")).set_input_files(
        {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    lead.get_by_role("button", name="Publish").click()
    lead.wait_for_url(re.compile("/events/fibre-sorting-meeting/$"))
    second.reload()
    expect(second.get_by_text("Minutes: Minutes of the meeting")).to_be_visible()
    expect(second.get_by_role("link", name="Download minutes.pdf")).to_be_visible()
    screenshot(second, f"event-with-minutes-{width}")
    assert Notification.objects.filter(kind=Kind.EVENT_MINUTES).count() == 1


@pytest.mark.parametrize("width", [390, 1366])
def test_three_participants_book_two_bilateral_meetings_and_see_their_agendas(
    live_server, browser, log_in, width
):
    base = live_server.url
    start = (timezone.now() + datetime.timedelta(days=20)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    event = EventFactory(
        title="Textile matchmaking",
        kind=EventKind.MATCHMAKING,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        meeting_minutes=30,
        meeting_tables=5,
    )
    ana, ben, cem = (
        RegistrationFactory(event=event, user__display_name=name).user
        for name in ("Ana Costa", "Ben Weber", "Cem Kaya")
    )
    pages = {user: person(browser, log_in, user, width) for user in (ana, ben, cem)}

    def ask(asker, invitee):
        page = pages[asker]
        page.goto(f"{base}/events/{event.slug}/people/")
        page.get_by_role("link", name=f"Ask {invitee} for a meeting").click()
        page.get_by_label(re.compile("^Message")).fill("Shall we talk about recycling?")
        page.get_by_role("button", name="Send the request").click()
        expect(page.get_by_text(f"Your request is sent to {invitee}.")).to_be_visible()

    def accept(invitee):
        page = pages[invitee]
        page.goto(f"{base}/events/{event.slug}/agenda/")
        page.get_by_role("button", name="Accept").click()
        expect(page.get_by_text("The meeting is in your agenda.")).to_be_visible()

    ask(ana, ben)
    ask(cem, ana)
    assert_fits_and_accessible(pages[cem], width)
    accept(ben)
    accept(ana)

    assert Meeting.objects.filter(status=MeetingStatus.ACCEPTED).count() == 2
    for user, others in ((ana, [ben, cem]), (ben, [ana]), (cem, [ana])):
        page = pages[user]
        page.goto(f"{base}/events/{event.slug}/agenda/")
        table = page.get_by_role("table")
        for other in others:
            expect(table).to_contain_text(str(other))
        assert_fits_and_accessible(page, width)
    screenshot(pages[ana], f"meeting-agenda-{width}")
