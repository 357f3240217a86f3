"""Synthetic data at EU scale, for benchmarks and performance work.

On top of the real regions and priorities, `generate(scale=N, seed=S)`
writes N times (N may be a fraction, for a quick look): 5,000 users, 3,000
clusters, 150 thematic areas with about 8,000 memberships, 20,000 area join
requests in every state, 200 partnerships, 20,000 investment projects with
80,000 partners and 40,000 funding sources, and 200,000 notifications. It
also gives every NUTS 2 region a few research and innovation priorities,
which the real reference data does not have, so that matchmaking has
something to work on.

Everything is invented and marked so: names start with "Synthetic", e-mail
addresses are on the reserved `.test` domain. Never load it into a database
that real users see. The same seed and reference date give the same data.
Rows go in with `bulk_create` in large batches (one INSERT per batch, no
signals and no history rows), which loads scale 1 in well under a minute on
PostgreSQL.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from core.workflow import RequestStatus
from notifications.choices import Delivery, Kind
from notifications.models import Notification
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
from regions.choices import AffiliationStatus, ClusterLabel, ClusterStatus, NutsLevel
from regions.models import Affiliation, Cluster, Priority, Region, RegionPriority
from thematic_areas.choices import AreaStatus, MembershipRole, Phase
from thematic_areas.models import AreaJoinRequest, AreaMembership, ThematicArea

EMAIL_DOMAIN = "scale.s3p.test"
# The one password of every synthetic account, hashed once: hashing 50,000
# passwords one by one would take longer than the rest of the load. Not a
# secret: the accounts exist only in benchmark databases.
PASSWORD = "synthetic-user"  # noqa: S105
BATCH = 5000

PER_SCALE = {
    "users": 5000,
    "clusters": 3000,
    "areas": 150,
    "area_join_requests": 20000,
    "partnerships": 200,
    "calls": 40,
    "projects": 20000,
    "notifications": 200000,
}
# 128 active or closed areas x 60 members, plus 5% past memberships ≈ 8,000 rows.
MEMBERS_PER_AREA = 60
CLUSTERS_PER_PARTNERSHIP = 8
PARTNERS_PER_PROJECT = 4
FUNDING_PER_PROJECT = 2

THEMES = [
    "advanced materials",
    "additive manufacturing",
    "artificial intelligence",
    "batteries",
    "bioeconomy",
    "circular textiles",
    "cybersecurity",
    "digital health",
    "hydrogen valleys",
    "industrial symbiosis",
    "marine renewables",
    "medical devices",
    "nanoelectronics",
    "photonics",
    "precision farming",
    "robotics",
    "smart grids",
    "space applications",
    "sustainable construction",
    "water technologies",
]
QUALIFIERS = ["for SMEs", "in rural regions", "at scale", "for the green transition", "pilots"]


@dataclass
class Summary:
    created: dict = field(default_factory=dict)

    def add(self, label, count):
        self.created[label] = self.created.get(label, 0) + count


class AlreadyGenerated(Exception):
    """The database already holds synthetic data; start from an empty one."""


def generate(*, scale=1, seed=1, reference_date=None):
    """Write the synthetic data set; return a Summary of the rows created."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    regions = list(Region.objects.filter(level=NutsLevel.NUTS2).order_by("code"))
    priorities = list(Priority.objects.order_by("scheme", "code").values_list("pk", flat=True))
    if not regions or not priorities:
        raise ImproperlyConfigured("Load the regions first: manage.py load_regions")
    if get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        raise AlreadyGenerated(
            "This database already holds synthetic data; generate into an empty one "
            "(manage.py flush, then load_regions)."
        )
    builder = _Builder(scale, seed, reference_date or timezone.localdate(), regions, priorities)
    with transaction.atomic():
        builder.build()
    # Fresh planner statistics: without them PostgreSQL guesses a handful of
    # rows per table and picks nested loops over tens of thousands (autovacuum
    # may be off or late, and a benchmark starts right after the load).
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return builder.summary


class _Builder:
    def __init__(self, scale, seed, reference_date, regions, priorities):
        self.scale = scale
        # Reproducible synthetic data, not security: a seeded generator is the point.
        self.rng = random.Random(seed)  # noqa: S311
        self.today = reference_date
        self.now = datetime.datetime.combine(reference_date, datetime.time(12), tzinfo=datetime.UTC)
        self.regions = regions
        self.priorities = priorities
        self.summary = Summary()

    def count(self, name):
        return max(1, round(PER_SCALE[name] * self.scale))

    def moment(self, days_back_max, days_back_min=0):
        """A time in the past, between days_back_max and days_back_min days before the reference."""
        seconds = self.rng.randint(days_back_min * 86400, days_back_max * 86400)
        return self.now - datetime.timedelta(seconds=seconds)

    def save(self, model, rows, label):
        saved = model.objects.bulk_create(rows, batch_size=BATCH)
        self.summary.add(label, len(saved))
        return saved

    def add_priorities(self, relation, objects, how_many, label):
        """Give each of `objects` a random number (within `how_many`) of priorities."""
        through = relation.through
        own = relation.field.m2m_field_name()
        self.save(
            through,
            [
                through(**{f"{own}_id": obj.pk, "priority_id": priority})
                for obj in objects
                for priority in self.rng.sample(self.priorities, self.rng.randint(*how_many))
            ],
            label,
        )

    def build(self):
        self.region_priorities()
        users = self.users()
        clusters = self.clusters()
        self.affiliations(users, clusters)
        areas = self.areas(users)
        members = self.area_memberships(areas, users)
        self.area_join_requests(areas, members, users)
        calls = self.calls()
        partnerships = self.partnerships(areas, clusters, calls, users)
        projects = self.projects(areas, members, partnerships, users)
        self.project_details(projects, members, clusters)
        self.notifications(users, areas)

    def region_priorities(self):
        taken = set(RegionPriority.objects.values_list("region_id", "priority_id"))
        rows = []
        for region in self.regions:
            for priority in self.rng.sample(self.priorities, 6):
                if (region.pk, priority) not in taken:
                    rows.append(RegionPriority(region=region, priority_id=priority))
        self.save(RegionPriority, rows, "region priorities")

    def users(self):
        password = make_password(PASSWORD)
        rows = [
            get_user_model()(
                email=f"user{n:06d}@{EMAIL_DOMAIN}",
                first_name="Synthetic",
                last_name=f"User {n}",
                password=password,
                date_joined=self.moment(1800),
            )
            for n in range(self.count("users"))
        ]
        users = self.save(get_user_model(), rows, "users")
        self.save(
            EmailAddress,
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            "verified e-mail addresses",
        )
        return users

    def clusters(self):
        rows = []
        for n in range(self.count("clusters")):
            theme = self.rng.choice(THEMES)
            rows.append(
                Cluster(
                    name=f"Synthetic {theme} cluster {n}",
                    slug=f"synthetic-cluster-{n}",
                    acronym=f"SC{n}",
                    region=self.rng.choice(self.regions),
                    description=f"Cluster organisation for {theme}, with {n % 90 + 15} members.",
                    management_fte=Decimal(self.rng.randint(1, 12)) / 2,
                    members_sme=self.rng.randint(10, 200),
                    members_large=self.rng.randint(0, 20),
                    members_research=self.rng.randint(1, 30),
                    members_public=self.rng.randint(0, 10),
                    label=self.rng.choice(ClusterLabel.values),
                    status=self.rng.choices(ClusterStatus.values, weights=[5, 90, 5])[0],
                    created_at=self.moment(1800),
                )
            )
        clusters = self.save(Cluster, rows, "clusters")
        self.add_priorities(Cluster.priorities, clusters, (2, 5), "cluster priorities")
        return clusters

    def affiliations(self, users, clusters):
        """Two users in three represent a region, the rest a cluster; most are verified."""
        rows = []
        for n, user in enumerate(users):
            status = self.rng.choices(AffiliationStatus.values, weights=[10, 85, 5])[0]
            decided = status != AffiliationStatus.PENDING
            target = (
                {"region": self.regions[n % len(self.regions)]}
                if n % 3
                else {"cluster": clusters[n % len(clusters)]}
            )
            rows.append(
                Affiliation(
                    user=user,
                    role_title="Synthetic officer",
                    official_email=user.email,
                    justification="Synthetic affiliation.",
                    status=status,
                    created_at=self.moment(1500, 400),
                    decided_at=self.moment(390) if decided else None,
                    **target,
                )
            )
        self.save(Affiliation, rows, "affiliations")

    def areas(self, users):
        statuses = (
            [AreaStatus.ACTIVE] * 16
            + [AreaStatus.PROPOSED] * 2
            + [
                AreaStatus.REJECTED,
                AreaStatus.CLOSED,
            ]
        )
        rows = []
        for n in range(self.count("areas")):
            theme = self.rng.choice(THEMES)
            status = statuses[n % len(statuses)]
            decided = status != AreaStatus.PROPOSED
            rows.append(
                ThematicArea(
                    name=f"Synthetic area {n}: {theme} {self.rng.choice(QUALIFIERS)}",
                    slug=f"synthetic-area-{n}",
                    summary=f"Interregional cooperation on {theme}.",
                    objectives="Shared demonstration facilities and investment pipeline.",
                    action_plan="Map competences, match partners, prepare demo-cases.",
                    status=status,
                    phase=self.rng.choice(Phase.values),
                    proposing_region=self.rng.choice(self.regions),
                    proposed_by=self.rng.choice(users),
                    created_at=self.moment(1800, 400),
                    decided_at=self.moment(390, 1) if decided else None,
                    decision_reason="" if status != AreaStatus.REJECTED else "Out of scope.",
                )
            )
        areas = self.save(ThematicArea, rows, "thematic areas")
        self.add_priorities(ThematicArea.priorities, areas, (4, 8), "area priorities")
        return areas

    def area_memberships(self, areas, users):
        """Current members of every active or closed area, the first three leads; 5% left once."""
        rows, current = [], {}
        for area in areas:
            if area.status not in (AreaStatus.ACTIVE, AreaStatus.CLOSED):
                continue
            size = self.rng.randint(MEMBERS_PER_AREA - 20, MEMBERS_PER_AREA + 20)
            regions = self.rng.sample(self.regions, min(size, len(self.regions)))
            current[area.pk] = regions
            for index, region in enumerate(regions):
                joined = self.moment(380, 10)
                role = MembershipRole.LEAD if index < 3 else MembershipRole.MEMBER
                rows.append(
                    AreaMembership(
                        area=area, region=region, role=role, joined_at=joined, approved_by=None
                    )
                )
                if index % 20 == 19:
                    rows.append(
                        AreaMembership(
                            area=area,
                            region=region,
                            role=MembershipRole.MEMBER,
                            joined_at=joined - datetime.timedelta(days=400),
                            left_at=joined - datetime.timedelta(days=30),
                        )
                    )
        self.save(AreaMembership, rows, "area memberships (current and past)")
        return current

    def area_join_requests(self, areas, members, users):
        """Approved requests behind the members who joined; the rest rejected, withdrawn, pending.

        At most one pending request per (region, area), as the database demands.
        """
        active = [area for area in areas if area.status == AreaStatus.ACTIVE]
        rows, pending_pairs = [], set()
        for area in active:
            for region in members[area.pk][3:]:
                rows.append(self._join_request(area, region, users, RequestStatus.APPROVED))
        target = self.count("area_join_requests")
        while len(rows) < target:
            area = self.rng.choice(active)
            region = self.rng.choice(self.regions)
            status = self.rng.choice(
                [RequestStatus.PENDING, RequestStatus.REJECTED, RequestStatus.WITHDRAWN]
            )
            if status == RequestStatus.PENDING:
                if (area.pk, region.pk) in pending_pairs or region in members[area.pk]:
                    continue
                pending_pairs.add((area.pk, region.pk))
            rows.append(self._join_request(area, region, users, status))
        self.save(AreaJoinRequest, rows, "area join requests")

    def _join_request(self, area, region, users, status):
        pending = status == RequestStatus.PENDING
        return AreaJoinRequest(
            area=area,
            region=region,
            statement="We bring pilot lines and regional co-funding.",
            requested_by=self.rng.choice(users),
            status=status,
            created_at=self.moment(400, 31),
            decided_at=None if pending else self.moment(30),
            decision_reason="Not aligned with the action plan."
            if status == RequestStatus.REJECTED
            else "",
        )

    def calls(self):
        """Calls around the reference date: some closed, some open, some upcoming."""
        rows = []
        for n in range(self.count("calls")):
            opens = self.today + datetime.timedelta(days=self.rng.randint(-500, 200))
            rows.append(
                Call(
                    title=f"Synthetic call {n}",
                    slug=f"synthetic-call-{n}",
                    description="Call for cluster partnerships.",
                    opens_on=opens,
                    closes_on=opens + datetime.timedelta(days=self.rng.randint(30, 300)),
                )
            )
        return self.save(Call, rows, "calls")

    def partnerships(self, areas, clusters, calls, users):
        active = [area for area in areas if area.status == AreaStatus.ACTIVE]
        published = [c for c in clusters if c.status == ClusterStatus.PUBLISHED]
        rows = []
        for n in range(self.count("partnerships")):
            rows.append(
                Partnership(
                    area=self.rng.choice(active),
                    name=f"Synthetic partnership {n}",
                    slug=f"synthetic-partnership-{n}",
                    kind=self.rng.choice(PartnershipKind.values),
                    description="Clusters working together on a shared strategy.",
                    coordinator=self.rng.choice(published),
                    call=self.rng.choice(calls),
                    created_at=self.moment(900),
                )
            )
        partnerships = self.save(Partnership, rows, "partnerships")
        memberships, requests = [], []
        for partnership in partnerships:
            chosen = self.rng.sample(published, min(CLUSTERS_PER_PARTNERSHIP, len(published)))
            if partnership.coordinator not in chosen:
                chosen[0] = partnership.coordinator
            for cluster in chosen:
                role = (
                    PartnershipRole.COORDINATOR
                    if cluster == partnership.coordinator
                    else PartnershipRole.MEMBER
                )
                memberships.append(
                    PartnershipMembership(
                        partnership=partnership,
                        cluster=cluster,
                        role=role,
                        joined_at=self.moment(600, 30),
                    )
                )
            outsider = self.rng.choice(published)
            if outsider not in chosen:
                requests.append(
                    PartnershipJoinRequest(
                        partnership=partnership,
                        cluster=outsider,
                        statement="We bring test beds.",
                        requested_by=self.rng.choice(users),
                        status=RequestStatus.PENDING,
                        created_at=self.moment(20),
                    )
                )
        self.save(PartnershipMembership, memberships, "partnership memberships")
        self.save(PartnershipJoinRequest, requests, "partnership join requests")
        return partnerships

    def projects(self, areas, members, partnerships, users):
        active = [area for area in areas if area.status == AreaStatus.ACTIVE]
        by_area = {}
        for partnership in partnerships:
            by_area.setdefault(partnership.area_id, []).append(partnership)
        stages = Stage.values
        rows = []
        for n in range(self.count("projects")):
            area = self.rng.choice(active)
            status = self.rng.choices(ProjectStatus.values, weights=[10, 5, 80, 5])[0]
            published = status in (ProjectStatus.PUBLISHED, ProjectStatus.ARCHIVED)
            options = by_area.get(area.pk, [])
            rows.append(
                InvestmentProject(
                    title=f"Synthetic demo-case {n}",
                    slug=f"synthetic-project-{n}",
                    summary=f"Demonstration investment in {self.rng.choice(THEMES)}.",
                    area=area,
                    partnership=self.rng.choice(options) if options and n % 2 else None,
                    lead_region=self.rng.choice(members[area.pk]),
                    stage=self.rng.choice(stages),
                    trl=self.rng.randint(3, 9),
                    total_investment=Decimal(self.rng.randint(200, 60000)) * 1000,
                    status=status,
                    created_by=self.rng.choice(users),
                    created_at=self.moment(900, 30),
                    published_at=self.moment(29) if published else None,
                )
            )
        projects = self.save(InvestmentProject, rows, "investment projects")
        self.save(
            StageChange,
            [
                StageChange(
                    project=project,
                    from_stage="",
                    to_stage=project.stage,
                    changed_at=project.created_at,
                    changed_by=project.created_by,
                )
                for project in projects
            ],
            "stage changes",
        )
        return projects

    def project_details(self, projects, members, clusters):
        """Partners and funding, written per chunk of projects to keep memory flat at scale 10."""
        for start in range(0, len(projects), BATCH):
            self._project_details(projects[start : start + BATCH], members, clusters)

    def _project_details(self, projects, members, clusters):
        partners, funding = [], []
        for project in projects:
            partners.append(self._region_partner(project, project.lead_region, PartnerRole.LEAD))
            others = [r for r in members[project.area_id] if r != project.lead_region]
            for region in self.rng.sample(others, min(len(others), PARTNERS_PER_PROJECT - 2)):
                partners.append(self._region_partner(project, region, PartnerRole.PARTNER))
            cluster = self.rng.choice(clusters)
            partners.append(
                ProjectPartner(
                    project=project,
                    cluster=cluster,
                    organisation_name=cluster.name,
                    organisation_type=OrganisationType.CLUSTER,
                    country=cluster.region.country,
                    role=PartnerRole.PARTNER,
                )
            )
            secured_share = Decimal(self.rng.randint(0, 100)) / 100
            for index in range(FUNDING_PER_PROJECT):
                share = secured_share if index == 0 else (1 - secured_share) / 2
                funding.append(
                    FundingSource(
                        project=project,
                        kind=self.rng.choice(FundingKind.values),
                        amount=(project.total_investment * share).quantize(Decimal("0.01")),
                        status=FundingStatus.SECURED if index == 0 else FundingStatus.PLANNED,
                    )
                )
        self.save(ProjectPartner, partners, "project partners")
        self.save(FundingSource, funding, "funding sources")

    def _region_partner(self, project, region, role):
        return ProjectPartner(
            project=project,
            region=region,
            organisation_name=region.name,
            organisation_type=OrganisationType.PUBLIC,
            country=region.country,
            role=role,
        )

    def notifications(self, users, areas):
        area_type = ContentType.objects.get_for_model(ThematicArea)
        kinds = [Kind.JOIN_REQUEST_MADE, Kind.JOIN_REQUEST_DECIDED, Kind.PROJECT_PUBLISHED]
        total = self.count("notifications")
        for start in range(0, total, BATCH):
            rows = [
                self._notification(n, users, areas, kinds, area_type)
                for n in range(start, min(start + BATCH, total))
            ]
            self.save(Notification, rows, "notifications")

    def _notification(self, n, users, areas, kinds, area_type):
        area = areas[n % len(areas)]
        created = self.moment(365)
        return Notification(
            recipient=users[n % len(users)],
            kind=kinds[n % len(kinds)],
            subject_type=area_type,
            subject_id=area.pk,
            message=f"News in “{area.name}”.",
            url=f"/areas/{area.slug}/",
            dedupe_key=f"synthetic-{n}",
            created_at=created,
            read_at=created + datetime.timedelta(days=1) if n % 3 else None,
            delivery=Delivery.SENT,
            delivery_attempts=1,
            emailed_at=created,
        )
