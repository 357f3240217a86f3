"""Build a demo portal on top of the real thematic partnerships.

What is real is loaded from its sources first: the thematic areas and their
known members (thematic_areas.reference), the 2016 European Strategic
Cluster Partnerships call (DESIGN.md) and the Smart Regions Conference at
which the platform was launched. Everything else —
clusters, partnerships, accounts, requests, projects — is fictitious demo
data: flagged `is_demo` where the model has the flag and named "Demo …"
everywhere, so that nobody mistakes it for a fact about a real region.

Idempotent: rows are found by slug, e-mail or natural key and only saved
when a value changed, so a second run creates nothing (and writes no
history rows). This module spans every app, which is why it lives here and
not in one of them.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.text import slugify

from cooperation.choices import Direction, PostingKind
from cooperation.models import Conversation, Interest, Message, Posting
from core.moderators import MODERATORS_GROUP
from core.upsert import upsert
from events.choices import Audience, EventKind, Language, RegistrationStatus
from events.models import Event, Meeting, Registration
from notifications.models import Follow, Notification
from partnerships.choices import PartnershipKind, PartnershipRole
from partnerships.models import Call, Partnership, PartnershipJoinRequest, PartnershipMembership
from projects.choices import (
    FundingKind,
    FundingStatus,
    OrganisationType,
    PartnerRole,
    ProjectStatus,
    Stage,
)
from projects.models import FundingSource, InvestmentProject, ProjectPartner, StageChange
from regions import loaders
from regions.choices import AffiliationStatus, ClusterStatus
from regions.models import Affiliation, Cluster, Priority, Region, RegionPriority
from thematic_areas import reference
from thematic_areas.models import AreaJoinRequest, ThematicArea

MODERATOR_EMAIL = "moderator@demo.s3p.eu"
# Public by design: the demo accounts are documented in the command's help.
MODERATOR_PASSWORD = "demo-moderator"  # noqa: S105
REPRESENTATIVE_PASSWORD = "demo-representative"  # noqa: S105
# Demo accounts that represent a real region: e-mail -> NUTS code. The first
# two represent lead regions, so they can decide join requests.
REGION_REPRESENTATIVES = {
    "lombardia@demo.s3p.eu": "ITC4",
    "vlaanderen@demo.s3p.eu": "BE2",
    "piemonte@demo.s3p.eu": "ITC1",
    "cantabria@demo.s3p.eu": "ES13",
}
CLUSTER_REPRESENTATIVE = "cluster.norte@demo.s3p.eu"
# No open source lists the regions' RIS3 priorities, yet matchmaking needs
# some: the regions of the demo accounts get a few, labelled as demo data on
# every page that shows them. NUTS code -> themes of THEME_PRIORITIES.
DEMO_REGION_THEMES = {
    "ITC4": ["advanced manufacturing", "KETs"],
    "BE2": ["circular economy", "digital transformation/industry 4.0"],
    "ITC1": ["advanced manufacturing", "energy"],
    "ES13": ["energy", "bioeconomy"],
}
DEMO_PRIORITY = "Demo data: illustrative, not taken from the region's strategy."

DEMO_LABEL = "Fictitious demo data, not a real organisation or activity."
DEMO_REQUEST = "Demo request — illustrative, not a real application."
# The real partnerships the demo data hangs on, by their name in the JSON file.
ESM = "Efficient and Sustainable Manufacturing (ESM)"
PRINTING_3D = "High Performance Production through 3D Printing"
NANO = "New Nano-Enabled Products"
CIRCULAR = "Circular Economy - De- and Remanufacturing"
MEDICINE = "Personalised Medicine"
HYDROGEN = "European Hydrogen Valleys"
CYBER = "Cybersecurity Smart Regions"
TOURISM = "Digitalisation and Safety for Tourism"
TEXTILE = "Smart Regional Investments in Textile Innovation (RegioTex)"
BATTERIES = "Advanced Materials for Batteries for Electromobility and Stationary Energy Storage"


@dataclass(frozen=True)
class DemoCluster:
    key: str
    topic: str
    region: str  # NUTS code of a lead region of `area`
    area: str


DEMO_CLUSTERS = [
    DemoCluster("am-itc4", "Advanced manufacturing", "ITC4", ESM),
    DemoCluster("am-es51", "Advanced manufacturing", "ES51", ESM),
    DemoCluster("3dp-nl41", "3D printing", "NL41", PRINTING_3D),
    DemoCluster("3dp-be2", "3D printing", "BE2", PRINTING_3D),
    DemoCluster("textile-pt11", "Textiles", "PT11", TEXTILE),
    DemoCluster("nano-se224", "Nanotechnology", "SE224", NANO),
    DemoCluster("nano-fi197", "Nanotechnology", "FI197", NANO),
    DemoCluster("cyber-frh0", "Cybersecurity", "FRH0", CYBER),
    DemoCluster("tourism-es61", "Tourism", "ES61", TOURISM),
    DemoCluster("hydrogen-es24", "Hydrogen", "ES24", HYDROGEN),
    DemoCluster("batteries-si", "Batteries", "SI", BATTERIES),
    DemoCluster("health-nl42", "Health technologies", "NL42", MEDICINE),
]
# The demo cluster that the demo cluster representative speaks for.
REPRESENTED_CLUSTER = "textile-pt11"


@dataclass(frozen=True)
class DemoPartnership:
    name: str
    area: str
    kind: str
    coordinator: str
    members: tuple


DEMO_PARTNERSHIPS = [
    DemoPartnership(
        "Demo partnership — Efficient and sustainable manufacturing",
        ESM,
        PartnershipKind.ESCP_S3,
        "am-itc4",
        ("am-es51",),
    ),
    DemoPartnership(
        "Demo partnership — 3D printing for industry",
        PRINTING_3D,
        PartnershipKind.ESCP_4I,
        "3dp-nl41",
        ("3dp-be2",),
    ),
    DemoPartnership(
        "Demo partnership — Nano-enabled products", NANO, PartnershipKind.ESCP_4X, "nano-se224", ()
    ),
]


@dataclass(frozen=True)
class DemoProject:
    title: str
    area: str
    lead_region: str
    cluster: str
    sme: str
    sme_country: str
    stage: str
    trl: int
    total: Decimal
    status: str
    partnership: str | None = None


DEMO_PROJECTS = [
    DemoProject(
        "Demo project — Zero-defect machining line",
        ESM,
        "ITC4",
        "am-es51",
        "Demo SME Precision Parts",
        "ES",
        Stage.DEMONSTRATION,
        6,
        Decimal("4500000"),
        ProjectStatus.PUBLISHED,
        DEMO_PARTNERSHIPS[0].name,
    ),
    DemoProject(
        "Demo project — Remanufacturing hub for industrial robots",
        CIRCULAR,
        "ITC4",
        "am-itc4",
        "Demo SME Robot Care",
        "IT",
        Stage.SCOPING,
        4,
        Decimal("2000000"),
        ProjectStatus.PUBLISHED,
    ),
    DemoProject(
        "Demo project — Hybrid 3D printing pilot line",
        PRINTING_3D,
        "BE2",
        "3dp-be2",
        "Demo SME Layerworks",
        "NL",
        Stage.COMMERCIALISATION,
        7,
        Decimal("8000000"),
        ProjectStatus.PUBLISHED,
        DEMO_PARTNERSHIPS[1].name,
    ),
    DemoProject(
        "Demo project — Printed medical devices",
        MEDICINE,
        "BE2",
        "health-nl42",
        "Demo SME Medprint",
        "BE",
        Stage.IDEA,
        3,
        Decimal("1200000"),
        ProjectStatus.SUBMITTED,
    ),
    DemoProject(
        "Demo project — Nano-coatings for food packaging",
        NANO,
        "SE224",
        "nano-fi197",
        "Demo SME Nanofilm",
        "FI",
        Stage.SCALE_UP,
        8,
        Decimal("12000000"),
        ProjectStatus.PUBLISHED,
        DEMO_PARTNERSHIPS[2].name,
    ),
    DemoProject(
        "Demo project — Green hydrogen for ceramic kilns",
        HYDROGEN,
        "ES24",
        "hydrogen-es24",
        "Demo SME Kiln Systems",
        "ES",
        Stage.DEMONSTRATION,
        5,
        Decimal("6500000"),
        ProjectStatus.DRAFT,
    ),
]

# (kind, share of the total investment, status) of every demo project's funding.
DEMO_FUNDING = [
    (FundingKind.ERDF, Decimal("0.40"), FundingStatus.PLANNED),
    (FundingKind.PRIVATE, Decimal("0.25"), FundingStatus.SECURED),
    (FundingKind.HORIZON_EUROPE, Decimal("0.15"), FundingStatus.PLANNED),
]


LAUNCH_CONFERENCE_SOURCE = "https://clustercollaboration.eu/news/launch-smart-specialisation-platform-industrial-modernisation"


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    in_days: int
    hours: int
    audience: str
    area: str = ""
    partnership: str = ""
    organiser: str = ""  # NUTS code of the organising region; none: the Commission
    venue: str = ""
    venue_region: str = ""
    online_url: str = ""
    capacity: int | None = None
    hour: int = 10
    time_zone: str = "Europe/Brussels"


DEMO_ONLINE = "https://meet.demo.s3p.eu/"
DEMO_EVENTS = [
    DemoEvent(
        "Demo webinar — Financing interregional investment projects",
        EventKind.WEBINAR,
        10,
        2,
        Audience.MEMBERS,
        online_url=DEMO_ONLINE + "financing",
    ),
    DemoEvent(
        "Demo partnership meeting — Efficient and sustainable manufacturing",
        EventKind.PARTNERSHIP_MEETING,
        21,
        6,
        Audience.PARTICIPANTS,
        partnership=DEMO_PARTNERSHIPS[0].name,
        organiser="ITC4",
        venue="Demo venue, Milan",
        venue_region="ITC4",
        capacity=25,
        time_zone="Europe/Rome",
    ),
    DemoEvent(
        "Demo steering committee — Efficient and Sustainable Manufacturing",
        EventKind.STEERING_COMMITTEE,
        25,
        2,
        Audience.INVITATION,
        area=ESM,
        organiser="ITC4",
        online_url=DEMO_ONLINE + "esm-steering",
    ),
    DemoEvent(
        "Demo matchmaking event — Industrial modernisation",
        EventKind.MATCHMAKING,
        42,
        8,
        Audience.MEMBERS,
        venue="Demo venue, Brussels",
        venue_region="BE10",
        online_url=DEMO_ONLINE + "matchmaking",
        capacity=150,
        hour=9,
    ),
    DemoEvent(
        "Demo workshop — 3D printing pilot lines",
        EventKind.WORKSHOP,
        -60,
        4,
        Audience.PARTICIPANTS,
        area=PRINTING_3D,
        organiser="BE2",
        venue="Demo venue, Ghent",
        venue_region="BE2",
        capacity=40,
    ),
]


def credentials():
    """(e-mail, password, role) of every demo account, for the help text and the summary."""
    accounts = [(MODERATOR_EMAIL, MODERATOR_PASSWORD, "Commission moderator")]
    accounts += [
        (email, REPRESENTATIVE_PASSWORD, f"representative of region {code}")
        for email, code in REGION_REPRESENTATIVES.items()
    ]
    accounts.append(
        (CLUSTER_REPRESENTATIVE, REPRESENTATIVE_PASSWORD, "representative of a demo cluster")
    )
    return accounts


@dataclass
class DemoSummary:
    created: Counter = field(default_factory=Counter)
    loaded_reference_data: bool = False


class DemoRefused(Exception):
    """The demo was asked for where it must never run."""


def seed_demo(*, today=None):
    """Build or refresh the demo portal in one transaction; return what was created.

    Never with the production settings: the demo's accounts, a moderator
    among them, have the passwords the README publishes.
    """
    if settings.PRODUCTION:
        raise DemoRefused(
            "The demo is not built with production settings (DJANGO_ENV=production): "
            "its accounts have published passwords."
        )
    with transaction.atomic():
        return DemoBuilder(today or timezone.localdate()).build()


class DemoBuilder:
    """Builds the demo step by step; each step reads what earlier steps made."""

    def __init__(self, today):
        self.today = today
        self.now = timezone.now()
        self.summary = DemoSummary()
        self.areas = {}  # name -> ThematicArea
        self.clusters = {}  # DemoCluster.key -> Cluster
        self.partnerships = {}  # name -> Partnership
        self.users = {}  # e-mail -> User
        self.themes = {}  # area name -> theme

    def build(self):
        self._ensure_reference_data()
        self._real_partnerships()
        self.real_call = self._real_call()
        self.demo_call = self._demo_call()
        self._users()
        self._region_priorities()
        for spec in DEMO_CLUSTERS:
            self.clusters[spec.key] = self._cluster(spec)
        self._cluster_representative()
        for spec in DEMO_PARTNERSHIPS:
            self.partnerships[spec.name] = self._partnership(spec)
        self._partnership_join_request()
        self._area_join_requests()
        for spec in DEMO_PROJECTS:
            self._project(spec)
        self._launch_conference()
        for spec in DEMO_EVENTS:
            self._event(spec)
        self._matchmaking_participants()
        self._postings()
        return self.summary

    def _count(self, label, created):
        if created:
            self.summary.created[label] += 1

    def _region_priorities(self):
        for code, themes in DEMO_REGION_THEMES.items():
            region = self._region(code)
            for theme in themes:
                for priority in reference.theme_priorities(theme):
                    _, created = upsert(
                        RegionPriority,
                        {"region": region, "priority": priority},
                        {"description": DEMO_PRIORITY, "is_demo": True},
                    )
                    self._count("region priorities", created)

    def _ensure_reference_data(self):
        if not Region.objects.exists() or not Priority.objects.exists():
            loaders.load_reference_data()
            self.summary.loaded_reference_data = True

    def _region(self, code):
        try:
            return Region.objects.get(code=code)
        except Region.DoesNotExist:
            raise ValueError(f"Region {code} is not loaded; run load_regions first.") from None

    def _real_partnerships(self):
        """The real areas, loaded from their sources (thematic_areas.reference)."""
        report = reference.load_partnerships()
        for label, n in (
            ("thematic areas", report.areas_created),
            ("memberships from sources", report.memberships_created),
        ):
            if n:
                self.summary.created[label] += n
        partnerships = reference.read_partnerships()
        areas = ThematicArea.objects.in_bulk([p.slug for p in partnerships], field_name="slug")
        for partnership in partnerships:
            self.areas[partnership.name] = areas[partnership.slug]
            self.themes[partnership.name] = partnership.theme

    def _real_call(self):
        return self._call(
            "European Strategic Cluster Partnerships — call for expressions of interest",
            "Partner search for European Strategic Cluster Partnerships (ESCP-S3, "
            "smart specialisation), from May 2016 to 31 March 2017. The day in May "
            "2016 on which it opened is not recorded here; 1 May is shown.",
            datetime.date(2016, 5, 1),
            datetime.date(2017, 3, 31),
            is_demo=False,
        )

    def _demo_call(self):
        return self._call(
            "Demo call — Interregional cluster partnerships",
            f"{DEMO_LABEL} It is kept open around today so that "
            "partnership join requests can be tried.",
            self.today - datetime.timedelta(days=30),
            self.today + datetime.timedelta(days=60),
            is_demo=True,
        )

    def _call(self, title, description, opens_on, closes_on, *, is_demo):
        """The call of that title, created or brought up to date."""
        call, created = upsert(
            Call,
            {"slug": slugify(title)},
            {
                "title": title,
                "description": description,
                "opens_on": opens_on,
                "closes_on": closes_on,
                "is_demo": is_demo,
            },
        )
        self._count("calls", created)
        return call

    def _users(self):
        moderator = self._user(MODERATOR_EMAIL, MODERATOR_PASSWORD, "Moderator", is_staff=True)
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        moderator.groups.add(group)
        self.moderator = moderator
        for email, code in REGION_REPRESENTATIVES.items():
            region = self._region(code)
            user = self._user(email, REPRESENTATIVE_PASSWORD, f"Representative ({region.name})")
            self._affiliation(user, region=region)

    def _user(self, email, password, last_name, is_staff=False):
        User = get_user_model()
        user, created = upsert(
            User,
            {"email": email},
            {"first_name": "Demo", "last_name": last_name, "is_staff": is_staff},
        )
        if created:
            # Only on creation: hashing is slow, and a re-run keeps passwords as they are.
            user.set_password(password)
            user.save(update_fields=["password"])
        self._count("demo accounts", created)
        upsert(EmailAddress, {"user": user, "email": email}, {"verified": True, "primary": True})
        self.users[email] = user
        return user

    def _affiliation(self, user, *, region=None, cluster=None):
        upsert(
            Affiliation,
            {"user": user, "region": region, "cluster": cluster},
            {
                "status": AffiliationStatus.VERIFIED,
                "role_title": "Demo representative",
                "official_email": user.email,
                "justification": f"Demo account. {DEMO_LABEL}",
            },
            create_only={"decided_by": self.moderator, "decided_at": self.now},
        )

    def _cluster_representative(self):
        user = self._user(CLUSTER_REPRESENTATIVE, REPRESENTATIVE_PASSWORD, "Cluster representative")
        self._affiliation(user, cluster=self.clusters[REPRESENTED_CLUSTER])

    def _cluster(self, spec):
        region = self._region(spec.region)
        number = DEMO_CLUSTERS.index(spec)
        cluster, created = upsert(
            Cluster,
            {"slug": f"demo-cluster-{spec.key}"},
            {
                "name": f"Demo cluster — {spec.topic} ({region.name})",
                "acronym": f"DEMO-{spec.key.upper()}"[:30],
                "region": region,
                "description": f"{DEMO_LABEL} A cluster profile as it would appear on the portal.",
                "management_fte": Decimal("1.5"),
                "members_sme": 18 + number,
                "members_large": 2 + number % 3,
                "members_research": 3,
                "members_public": 1,
                "status": ClusterStatus.PUBLISHED,
                "is_demo": True,
            },
        )
        self._count("demo clusters", created)
        cluster.priorities.set(reference.theme_priorities(self.themes[spec.area]))
        return cluster

    def _partnership(self, spec):
        partnership, created = upsert(
            Partnership,
            {"slug": slugify(spec.name)},
            {
                "name": spec.name,
                "area": self.areas[spec.area],
                "kind": spec.kind,
                "description": DEMO_LABEL,
                "coordinator": self.clusters[spec.coordinator],
                "call": self.demo_call,
                "is_demo": True,
            },
        )
        self._count("demo partnerships", created)
        roles = [(spec.coordinator, PartnershipRole.COORDINATOR)]
        roles += [(key, PartnershipRole.MEMBER) for key in spec.members]
        for key, role in roles:
            _, created = upsert(
                PartnershipMembership,
                {"partnership": partnership, "cluster": self.clusters[key], "left_at": None},
                {"role": role},
            )
            self._count("demo partnership memberships", created)
        return partnership

    # Demo requests. Requests record events, so they are created once and
    # never rewritten (a decided request never changes again).

    def _partnership_join_request(self):
        _, created = PartnershipJoinRequest.objects.get_or_create(
            partnership=self.partnerships[DEMO_PARTNERSHIPS[1].name],
            cluster=self.clusters[REPRESENTED_CLUSTER],
            requested_by=self.users[CLUSTER_REPRESENTATIVE],
            defaults={"statement": f"{DEMO_REQUEST} Our members would bring textile know-how."},
        )
        self._count("demo join requests", created)

    def _area_join_requests(self):
        # Only pending requests: an approved one would list a real region as
        # a member of a real area, which is not a fact.
        self._area_join_request("cantabria@demo.s3p.eu", PRINTING_3D)
        self._area_join_request("piemonte@demo.s3p.eu", CIRCULAR)

    def _area_join_request(self, email, area_name):
        _, created = AreaJoinRequest.objects.get_or_create(
            area=self.areas[area_name],
            region=self._region(REGION_REPRESENTATIVES[email]),
            requested_by=self.users[email],
            defaults={"statement": f"{DEMO_REQUEST} {DEMO_LABEL}", "is_demo": True},
        )
        self._count("demo join requests", created)

    def _project(self, spec):
        lead_region = self._region(spec.lead_region)
        author = self._representative_of(lead_region)
        published = spec.status == ProjectStatus.PUBLISHED
        project, created = upsert(
            InvestmentProject,
            {"slug": slugify(spec.title)},
            {
                "title": spec.title,
                "summary": f"{DEMO_LABEL} An interregional investment project as it would "
                "appear in the pipeline.",
                "area": self.areas[spec.area],
                "partnership": self.partnerships.get(spec.partnership),
                "lead_region": lead_region,
                "stage": spec.stage,
                "trl": spec.trl,
                "total_investment": spec.total,
                "status": spec.status,
                "is_demo": True,
            },
            create_only={
                "created_by": author,
                "published_by": self.moderator if published else None,
                "published_at": self.now if published else None,
            },
        )
        self._count("demo projects", created)
        self._project_partners(project, spec)
        self._funding(project, spec)
        _, created = StageChange.objects.get_or_create(
            project=project, to_stage=spec.stage, defaults={"changed_by": author}
        )
        self._count("stage changes", created)

    def _representative_of(self, region):
        for email, code in REGION_REPRESENTATIVES.items():
            if code == region.code:
                return self.users[email]
        return None

    def _project_partners(self, project, spec):
        lead, cluster = project.lead_region, self.clusters[spec.cluster]
        self._partner(
            project,
            f"Demo regional agency — {lead.name}",
            lead.country,
            kind=OrganisationType.PUBLIC,
            region=lead,
            role=PartnerRole.LEAD,
        )
        self._partner(
            project,
            cluster.name,
            cluster.region.country,
            kind=OrganisationType.CLUSTER,
            region=cluster.region,
            cluster=cluster,
        )
        self._partner(project, spec.sme, spec.sme_country, kind=OrganisationType.SME)

    def _partner(self, project, name, country, *, kind, region=None, cluster=None, role=None):
        _, created = upsert(
            ProjectPartner,
            {"project": project, "organisation_name": name, "country": country},
            {
                "region": region,
                "cluster": cluster,
                "organisation_type": kind,
                "role": role or PartnerRole.PARTNER,
            },
        )
        self._count("project partners", created)

    def _funding(self, project, spec):
        for kind, share, status in DEMO_FUNDING:
            _, created = upsert(
                FundingSource,
                {"project": project, "kind": kind},
                {
                    "amount": (spec.total * share).quantize(Decimal("0.01")),
                    "status": status,
                    "note": "Demo figure.",
                },
            )
            self._count("funding sources", created)

    def _launch_conference(self):
        """The real conference at which the platform was launched (events marked with a source)."""
        brussels = ZoneInfo("Europe/Brussels")
        _, created = upsert(
            Event,
            {"slug": "smart-regions-conference-2016"},
            {
                "kind": EventKind.CONFERENCE,
                "title": "Smart Regions Conference",
                "description": (
                    "High-level conference of the Directorate-General for Regional and Urban "
                    "Policy at Square, Brussels, on 1 and 2 June 2016, during which the European "
                    "Commission launched the Smart Specialisation Platform for Industrial "
                    "Modernisation. The days are recorded; the hours shown are not."
                ),
                "starts_at": datetime.datetime(2016, 6, 1, 9, tzinfo=brussels),
                "ends_at": datetime.datetime(2016, 6, 2, 18, tzinfo=brussels),
                "time_zone": "Europe/Brussels",
                "venue": "Square – Brussels Meeting Centre, Mont des Arts, Brussels",
                "venue_region": self._region("BE10"),
                "language": Language.EN,
                "audience": Audience.MEMBERS,
                "source_url": LAUNCH_CONFERENCE_SOURCE,
                "is_demo": False,
            },
        )
        self._count("events", created)

    def _event(self, spec):
        starts_at = timezone.make_aware(
            datetime.datetime.combine(
                self.today + datetime.timedelta(days=spec.in_days), datetime.time(spec.hour)
            ),
            ZoneInfo(spec.time_zone),
        )
        area = self.areas.get(spec.area)
        partnership = self.partnerships.get(spec.partnership)
        organiser = self._region(spec.organiser) if spec.organiser else None
        _, created = upsert(
            Event,
            {"slug": slugify(spec.title)},
            {
                "kind": spec.kind,
                "title": spec.title,
                "description": f"{DEMO_LABEL} An event as it would appear on the portal.",
                "area": area or (partnership.area if partnership else None),
                "partnership": partnership,
                "organiser_region": organiser,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=spec.hours),
                "time_zone": spec.time_zone,
                "venue": spec.venue,
                "venue_region": self._region(spec.venue_region) if spec.venue_region else None,
                "online_url": spec.online_url,
                "capacity": spec.capacity,
                "audience": spec.audience,
                "is_demo": True,
            },
            create_only={"created_by": self._representative_of(organiser) if organiser else None},
        )
        self._count("demo events", created)

    def _matchmaking_participants(self):
        """The region representatives take part in the demo matchmaking event, each with a
        profile, and one has asked another for a meeting (to answer when signed in)."""
        event = Event.objects.get(slug=slugify(DEMO_EVENTS[3].title))
        for email, code in REGION_REPRESENTATIVES.items():
            region = self._region(code)
            _, created = Registration.objects.get_or_create(
                event=event,
                user=self.users[email],
                defaults={
                    "status": RegistrationStatus.CONFIRMED,
                    "organisation_region": region,
                    "offers": f"Demo profile: test facilities and pilot lines in {region.name}.",
                    "seeks": "Demo profile: partners for an interregional pilot project.",
                },
            )
            self._count("demo event registrations", created)
        requester, invitee = list(REGION_REPRESENTATIVES)[:2]
        _, created = Meeting.objects.get_or_create(
            event=event,
            requester=self.users[requester],
            invitee=self.users[invitee],
            defaults={"message": f"{DEMO_REQUEST} Shall we compare our pilot lines?"},
        )
        self._count("demo meeting requests", created)

    def _postings(self):
        """A demo cluster seeks a facility and a demo region offers test beds, so that
        partner search and its matches can be tried."""
        cluster = self.clusters[REPRESENTED_CLUSTER]
        lombardia = self._region("ITC4")
        for title, organisation, author, direction, kind, area in (
            (
                "Demo request — 3D-printing facility for textile prototypes",
                cluster,
                CLUSTER_REPRESENTATIVE,
                Direction.SEEK,
                PostingKind.FACILITY,
                TEXTILE,
            ),
            (
                "Demo offer — test beds for efficient manufacturing",
                lombardia,
                "lombardia@demo.s3p.eu",
                Direction.OFFER,
                PostingKind.FACILITY,
                ESM,
            ),
        ):
            posting, created = upsert(
                Posting,
                {"slug": slugify(title)},
                {
                    "title": title,
                    "description": f"{DEMO_LABEL} A cooperation posting as it would appear.",
                    "direction": direction,
                    "kind": kind,
                    "area": self.areas[area],
                    "region": organisation if isinstance(organisation, Region) else None,
                    "cluster": organisation if isinstance(organisation, Cluster) else None,
                    "closes_on": self.today + datetime.timedelta(days=90),
                    "is_demo": True,
                },
                create_only={"created_by": self.users[author]},
            )
            posting.priorities.set(reference.theme_priorities(self.themes[area]))
            self._count("demo cooperation postings", created)


DEMO_ACCOUNTS = [MODERATOR_EMAIL, *REGION_REPRESENTATIVES, CLUSTER_REPRESENTATIVE]


class DemoRemovalBlocked(Exception):
    """Real records depend on demo records; nothing was removed."""


def remove_demo() -> Counter:
    """Delete every demo record and the demo accounts, in one transaction; return the counts.

    Real records never depend on demo ones by design; where one does (a real
    project in a demo partnership, say), nothing is deleted and the error
    names what holds on. Follows and notifications about removed records go
    with them.
    """
    removed: Counter = Counter()
    try:
        with transaction.atomic():
            for label, rows in _demo_rows():
                _forget_generic_references(rows)
                count, _by_model = rows.delete()
                if count:
                    removed[label] += count
    except ProtectedError as exc:
        held = sorted({str(obj) for obj in exc.protected_objects})[:5]
        raise DemoRemovalBlocked(
            "Real records depend on demo records, so nothing was removed: " + "; ".join(held)
        ) from exc
    return removed


def _demo_rows():
    """(label, queryset) of the demo records, dependants first."""
    User = get_user_model()
    accounts = User.objects.filter(email__in=DEMO_ACCOUNTS)
    demo_postings = Posting.objects.filter(is_demo=True)
    return [
        ("demo expressions of interest", Interest.objects.filter(posting__in=demo_postings)),
        ("demo messages", Message.objects.filter(conversation__posting__in=demo_postings)),
        ("demo conversations", Conversation.objects.filter(posting__in=demo_postings)),
        ("demo cooperation postings", demo_postings),
        ("demo meetings", Meeting.objects.filter(event__is_demo=True)),
        (
            "demo event registrations",
            Registration.objects.filter(Q(event__is_demo=True) | Q(user__in=accounts)),
        ),
        ("demo events", Event.objects.filter(is_demo=True)),
        ("demo projects", InvestmentProject.objects.filter(is_demo=True)),
        ("demo partnerships", Partnership.objects.filter(is_demo=True)),
        ("demo calls", Call.objects.filter(is_demo=True)),
        ("demo area join requests", AreaJoinRequest.objects.filter(is_demo=True)),
        (
            "demo affiliations",
            Affiliation.objects.filter(Q(cluster__is_demo=True) | Q(user__in=accounts)),
        ),
        ("demo clusters", Cluster.objects.filter(is_demo=True)),
        ("demo region priorities", RegionPriority.objects.filter(is_demo=True)),
        ("demo accounts", accounts),
    ]


def _forget_generic_references(rows):
    """Follows and notifications that point at the rows through a generic relation."""
    model_type = ContentType.objects.get_for_model(rows.model)
    ids = rows.values("pk")
    Follow.objects.filter(target_type=model_type, target_id__in=ids).delete()
    Notification.objects.filter(subject_type=model_type, subject_id__in=ids).delete()
