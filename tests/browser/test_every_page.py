"""Every page of the site, at 390 and 1366 px, in English, French and German.

Each page (every URL pattern that answers HTML, with an object of the world
below, and the admin's lists and change pages) is opened in Chromium and
must: not scroll sideways, hold no table wider than its container outside a
scroll region of its own, log no console error, request nothing from
another origin, and (at 1366 px in every language, and at 390 px in
English) have no WCAG 2.1 A/AA violation by axe-core.

The URL patterns come from the resolver: a page added later without a
world object here fails `test_every_url_pattern_is_visited_or_declared`.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from core.workflow import RequestStatus
from events import services
from events.choices import EventKind, RegistrationStatus
from projects.choices import ProjectStatus
from tests.accounts.factories import ModeratorFactory, api_token
from tests.browser.conftest import screenshot
from tests.cooperation.factories import (
    BoardPostFactory,
    BoardTopicFactory,
    ConversationFactory,
    InterestFactory,
    MessageFactory,
    PostingFactory,
)
from tests.events.factories import EventFactory, RegistrationFactory
from tests.notifications.factories import NotificationFactory
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
    PartnershipMembershipFactory,
    ProposalFactory,
    ProposalInvitationFactory,
)
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import (
    AffiliationFactory,
    AffiliationInvitationFactory,
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    Ris3PriorityFactory,
    representative_of,
)
from tests.thematic_areas.factories import (
    AreaFactory,
    AreaJoinRequestFactory,
    LeadInvitationFactory,
    MembershipFactory,
    ProgressReportFactory,
)
from thematic_areas.choices import AreaStatus, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Only violations are reported back: the rest of axe's results would cost time for nothing.
WCAG_A_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# URL names that answer something other than a page: feeds, calendars,
# data, downloads, actions taken by POST only, and allauth's steps that only
# exist within a flow (a code sent by e-mail) or redirect by design.
NOT_PAGES = {
    "healthz",
    "health",
    None,  # favicon.ico
    "account_logout",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_confirm_login_code",
    "account_set_password",
    "account_reset_password_from_key_done",
    "accounts:token_revoke",
    "notifications:mark_all_read",
    "notifications:mark_read",
    "notifications:follow",
    "notifications:unfollow",
    "regions:participation_map_json",
    "projects:calls_ical",
    "projects:area_feed",
    "projects:call_feed",
    "projects:project_feed",
    "projects:pipeline_json",
    "projects:pipeline_csv",
    "projects:project_list_csv",
    "projects:event_feed",
    "projects:private_calendar",
    "events:event_ics",
    "events:meeting_agenda_ics",
    "events:document_download",
    "partnerships:invitation_confirm",
    "partnerships:invitation_decline",
}

# The checks that need the page's layout, run in the page.
LAYOUT = """() => {
    const root = document.documentElement;
    const scrollsAway = (element) => {
        for (let node = element.parentElement; node && node !== document.body;
             node = node.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(node).overflowX)) return true;
        }
        return false;
    };
    const overflowing = [...document.querySelectorAll("table")].filter((table) => {
        if (!table.offsetParent) return false;
        const width = table.getBoundingClientRect().width;
        return width > table.parentElement.getBoundingClientRect().width + 1
            && !scrollsAway(table);
    });
    return {
        documentWidth: root.scrollWidth,
        viewportWidth: root.clientWidth,
        overflowingTables: overflowing.map(
            (table) => table.id || (table.caption && table.caption.textContent.trim())
                || table.className
        ),
    };
}"""


@dataclass
class World:
    """Who looks, and the object each URL name is shown with."""

    representative: object
    moderator: object
    kwargs: dict


@pytest.fixture
def world():
    lead = RegionFactory(name="Lead region")
    member_region = RegionFactory(name="Member region")
    priority = PriorityFactory()
    RegionPriorityFactory(region=lead, priority=priority)
    area = AreaFactory(name="Smart textiles", summary="Textile regions together.", lead=lead)
    area.priorities.add(priority)
    MembershipFactory(area=area, region=member_region)
    cluster = ClusterFactory(name="Textile cluster", region=lead)
    representative = representative_of(lead)
    AffiliationFactory(user=representative, region=None, cluster=cluster)
    other_area = AreaFactory(name="Hydrogen valleys")
    own_request = AreaJoinRequestFactory(area=other_area, region=lead, requested_by=representative)
    incoming = AreaJoinRequestFactory(area=area, region=RegionFactory())
    invitation = LeadInvitationFactory(area=AreaFactory(name="Batteries"), region=lead)
    report = ProgressReportFactory(area=area, status=ReportStatus.DRAFT)
    AreaFactory(name="Proposed area", status=AreaStatus.PROPOSED, proposing_region=lead)
    partnership = PartnershipFactory(area=area, coordinator=cluster, call=CallFactory())
    PartnershipMembershipFactory(partnership=partnership)
    partnership_incoming = PartnershipJoinRequestFactory(
        partnership=partnership, cluster=ClusterFactory()
    )
    partnership_own = PartnershipJoinRequestFactory(
        partnership=PartnershipFactory(area=other_area),
        cluster=cluster,
        requested_by=representative,
    )
    colleague = AffiliationInvitationFactory(region=member_region, email=representative.email)
    ris3 = Ris3PriorityFactory(region=lead)
    draft = ProjectFactory(title="Recycled fibres", area=area, lead_region=lead)
    partner = ProjectPartnerFactory(project=draft)
    funding = FundingSourceFactory(project=draft)
    submitted = ProjectFactory(area=area, lead_region=lead, status=ProjectStatus.SUBMITTED)
    published = ProjectFactory(area=area, lead_region=lead, status=ProjectStatus.PUBLISHED)
    event = EventFactory(
        title="Textile workshop", area=area, capacity=1, online_url="https://meet.example.eu/t"
    )
    RegistrationFactory(event=event, user=representative)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    open_event = EventFactory(title="Open webinar", online_url="https://meet.example.eu/w")
    past_event = EventFactory(
        title="Past textile meeting",
        area=area,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    RegistrationFactory(event=past_event)
    proposal = ProposalFactory(area=area, proposing_cluster=cluster, name="Textile recycling")
    ProposalInvitationFactory(proposal=proposal)
    fair = EventFactory(title="Textile fair", kind=EventKind.MATCHMAKING)
    RegistrationFactory(event=fair, user=representative, offers="Recycling pilot lines")
    partner = RegistrationFactory(event=fair, seeks="Fibre suppliers").user
    asked = services.request_meeting(user=partner, event=fair, invitee=representative)
    NotificationFactory(recipient=representative, message="Your request was approved.")
    api_token(user=representative)
    assert own_request.status == incoming.status == RequestStatus.PENDING
    own_posting = PostingFactory(title="Pilot line for textiles", cluster=cluster, area=area)
    own_posting.priorities.add(priority)
    other_posting = PostingFactory(title="Recycling partner wanted")
    other_posting.priorities.add(priority)
    incoming_interest = InterestFactory(posting=own_posting)
    own_interest = InterestFactory(posting=other_posting, region=lead, created_by=representative)
    conversation = ConversationFactory(first_region=lead, subject="Textile recycling")
    MessageFactory(conversation=conversation, author=representative)
    topic = BoardTopicFactory(area=area, author=representative, title="Shared pilot lines")
    BoardPostFactory(topic=topic, author=representative)
    kwargs = {
        "thematic_areas:invitation_accept": {"pk": invitation.pk},
        "thematic_areas:invitation_decline": {"pk": invitation.pk},
        "thematic_areas:join_request_approve": {"pk": incoming.pk},
        "thematic_areas:join_request_reject": {"pk": incoming.pk},
        "thematic_areas:join_request_withdraw": {"pk": own_request.pk},
        "thematic_areas:area_detail": {"slug": area.slug},
        "thematic_areas:area_join": {"slug": other_area.slug},
        "thematic_areas:area_leave": {"slug": area.slug},
        "thematic_areas:area_invite": {"slug": area.slug},
        "thematic_areas:report_create": {"slug": area.slug},
        "thematic_areas:report_edit": {"slug": area.slug, "pk": report.pk},
        "thematic_areas:report_publish": {"slug": area.slug, "pk": report.pk},
        "regions:region_detail": {"code": lead.code},
        "regions:ris3_profile": {"code": lead.code},
        "regions:ris3_create": {"code": lead.code},
        "regions:ris3_edit": {"code": lead.code, "pk": ris3.pk},
        "regions:ris3_delete": {"code": lead.code, "pk": ris3.pk},
        "regions:cluster_detail": {"slug": cluster.slug},
        "regions:cluster_edit": {"slug": cluster.slug},
        "regions:colleague_invitation_accept": {"pk": colleague.pk},
        "regions:colleague_invitation_decline": {"pk": colleague.pk},
        "partnerships:join_request_approve": {"pk": partnership_incoming.pk},
        "partnerships:join_request_reject": {"pk": partnership_incoming.pk},
        "partnerships:join_request_withdraw": {"pk": partnership_own.pk},
        "partnerships:partnership_detail": {"slug": partnership.slug},
        "partnerships:partnership_join": {"slug": partnership_own.partnership.slug},
        "partnerships:partnership_leave": {"slug": partnership.slug},
        "projects:region_matches": {"code": lead.code},
        "projects:area_matches": {"slug": area.slug},
        "projects:suggested_partners": {"slug": draft.slug},
        "projects:project_detail": {"slug": draft.slug},
        "projects:project_edit": {"slug": draft.slug},
        "projects:partner_add": {"slug": draft.slug},
        "projects:partner_remove": {"slug": draft.slug, "pk": partner.pk},
        "projects:funding_add": {"slug": draft.slug},
        "projects:funding_edit": {"slug": draft.slug, "pk": funding.pk},
        "projects:funding_remove": {"slug": draft.slug, "pk": funding.pk},
        "projects:stage_change": {"slug": draft.slug},
        "projects:project_submit": {"slug": draft.slug},
        "projects:project_publish": {"slug": submitted.slug},
        "projects:project_return": {"slug": submitted.slug},
        "projects:project_archive": {"slug": published.slug},
        "report_content": {"kind": "project", "slug": published.slug},
        "events:event_detail": {"slug": event.slug},
        "events:event_edit": {"slug": event.slug},
        "events:event_cancel": {"slug": event.slug},
        "events:event_register": {"slug": open_event.slug},
        "events:event_unregister": {"slug": event.slug},
        "events:event_participants": {"slug": past_event.slug},
        "events:document_create": {"slug": event.slug},
        "partnerships:proposal_detail": {"pk": proposal.pk},
        "events:meeting_people": {"slug": fair.slug},
        "events:meeting_profile": {"slug": fair.slug},
        "events:meeting_agenda": {"slug": fair.slug},
        "events:meeting_request": {"slug": fair.slug, "user_id": partner.pk},
        "events:meeting_accept": {"slug": fair.slug, "pk": asked.pk},
        "events:meeting_decline": {"slug": fair.slug, "pk": asked.pk},
        "events:meeting_cancel": {"slug": fair.slug, "pk": asked.pk},
        "cooperation:posting_detail": {"slug": own_posting.slug},
        "cooperation:posting_edit": {"slug": own_posting.slug},
        "cooperation:posting_close": {"slug": own_posting.slug},
        "cooperation:interest_create": {"slug": other_posting.slug},
        "cooperation:interest_accept": {"pk": incoming_interest.pk},
        "cooperation:interest_decline": {"pk": incoming_interest.pk},
        "cooperation:interest_withdraw": {"pk": own_interest.pk},
        "cooperation:conversation_detail": {"pk": conversation.pk},
        "cooperation:conversation_start": {"kind": "region", "key": member_region.code},
        "cooperation:board": {"kind": "area", "slug": area.slug},
        "cooperation:topic_detail": {"pk": topic.pk},
        "decisions_waiting": {"kind": "areas"},
        "account_confirm_email": {"key": "no-such-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "no-such-key"},
    }
    return World(representative=representative, moderator=ModeratorFactory(), kwargs=kwargs)


def url_names(patterns=None, namespace=""):
    """(URL name, route) of every page outside the API and the admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("api/", "admin/")):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), str(entry.pattern)


def site_paths(world):
    paths = {}
    for name, _route in url_names():
        if name not in NOT_PAGES:
            paths[name] = reverse(name, kwargs=world.kwargs.get(name, {}))
    return paths


def admin_paths(moderator):
    """The admin's index, then each model's list and the change page of its first row,
    for the models moderators may see."""
    request = RequestFactory().get("/admin/")
    request.user = moderator
    paths = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths.append(reverse(f"{prefix}_changelist"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{prefix}_change", args=[first.pk]))
    return paths


def test_every_url_pattern_is_visited_or_declared(world):
    names = {name for name, _route in url_names()}
    needing_objects = {
        name for name, route in url_names() if "<" in route and name not in NOT_PAGES
    }
    assert needing_objects <= set(world.kwargs), needing_objects - set(world.kwargs)
    assert set(world.kwargs) <= names, set(world.kwargs) - names
    assert names | {None} >= NOT_PAGES, NOT_PAGES - names


class Visit:
    """One browser context of one person, with what its pages logged and asked for."""

    def __init__(self, browser, live_server, width, language):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, locale=language
        )
        self.page = self.context.new_page()
        self.origin = live_server.url
        self.errors = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", self._request)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.errors.append(f"request to another origin: {request.url}")

    def open(self, path):
        """The status of `path`'s page: 200 only when it shows an HTML page."""
        self.errors = []
        try:
            response = self.page.goto(f"{self.origin}{path}")
        except PlaywrightError:
            # Chromium shows no page for an error answer without a body (a 405).
            return None
        if "text/html" not in response.headers.get("content-type", ""):
            return response.status, "not HTML"
        return response.status


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_every_page_fits_loads_cleanly_and_passes_axe(
    live_server, browser, log_in, world, language, width
):
    prefix = "" if language == "en" else f"/{language}"
    run_axe = width == 1366 or language == "en"
    axe = Axe()
    visitor = Visit(browser, live_server, width, language)
    representative = Visit(browser, live_server, width, language)
    log_in(representative.context, world.representative)
    moderator = Visit(browser, live_server, width, language)
    log_in(moderator.context, world.moderator)
    failures = []
    unrendered = []
    pages = [
        (name, path, [representative, moderator, visitor])
        for name, path in site_paths(world).items()
    ]
    pages += [(path, path, [moderator]) for path in admin_paths(world.moderator)]
    for name, path, people in pages:
        statuses = []
        for person in people:
            statuses.append(person.open(f"{prefix}{path}"))
            if statuses[-1] == 200:
                break
        else:
            unrendered.append(f"{name} {path}: {statuses}")
            continue
        page = person.page
        problems = list(person.errors)
        layout = page.evaluate(LAYOUT)
        if layout["documentWidth"] > layout["viewportWidth"]:
            problems.append(
                f"scrolls sideways: {layout['documentWidth']} px in {layout['viewportWidth']} px"
            )
        if layout["overflowingTables"]:
            problems.append(f"tables wider than their container: {layout['overflowingTables']}")
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"lang is {page.locator('html').get_attribute('lang')}")
        if run_axe:
            results = axe.run(page, options=WCAG_A_AA)
            if results.violations_count:
                problems.append(results.generate_report())
        if problems:
            screenshot(page, f"every-page-{language}-{width}-{path.strip('/').replace('/', '-')}")
            failures.append(f"{name} {prefix}{path}:\n  " + "\n  ".join(problems))
    for visit in (visitor, representative, moderator):
        visit.context.close()
    assert not (unrendered or failures), (
        "Not shown to anyone:\n" + "\n".join(unrendered) + f"\n{len(failures)} pages of "
        f"{len(pages)} with problems:\n" + "\n".join(failures)
    )
