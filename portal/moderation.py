"""What waits for the Commission's moderators: one queue across the apps, oldest first.

Each kind of waiting record is a `Queue`: its pending rows, the field that
says since when each waits, a sentence saying what is asked, and the admin
pages where the moderator decides (the list filtered to what waits, and each
record's page, whose buttons call the same services as the list's actions).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.counting import kept_count
from partnerships.choices import ProposalStatus
from partnerships.models import PartnershipProposal
from portal.models import Report, ReportStatus
from projects.choices import ProjectStatus
from projects.models import InvestmentProject
from regions.choices import AffiliationStatus, ClusterStatus
from regions.models import Affiliation, Cluster
from thematic_areas.choices import AreaStatus
from thematic_areas.models import ThematicArea

# The queue page lists this many records of each kind; the admin list has them all.
ROWS_PER_KIND = 50


@dataclass(frozen=True)
class Queue:
    label: Promise
    rows: Callable[[], QuerySet[Any]]
    # The admin list's filter that shows exactly the waiting rows.
    admin_filter: str
    since_field: str
    describe: Callable[[Any], str]

    def admin_url(self, name: str, *args: Any) -> str:
        opts = self.rows().model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def admin_list_url(self) -> str:
        return f"{self.admin_url('changelist')}?{self.admin_filter}"

    def oldest(self) -> QuerySet[Any]:
        rows = self.rows()
        # Unknown dates first, where a date may be unknown: asked of a column that
        # is never empty, the order would no longer be that of its index.
        if rows.model._meta.get_field(self.since_field).null:
            return rows.order_by(F(self.since_field).asc(nulls_first=True), "pk")[:ROWS_PER_KIND]
        return rows.order_by(self.since_field, "pk")[:ROWS_PER_KIND]


@dataclass(frozen=True)
class Waiting:
    kind: Promise
    description: str
    since: datetime.datetime | None
    admin_url: str


@dataclass(frozen=True)
class Count:
    label: Promise
    count: int
    admin_list_url: str


QUEUES = [
    Queue(
        gettext_lazy("Requests to represent an organisation"),
        lambda: Affiliation.objects.filter(status=AffiliationStatus.PENDING).select_related(
            "user", "region", "cluster"
        ),
        "status__exact=pending",
        "created_at",
        lambda affiliation: (
            _("%(user)s asks to represent %(organisation)s.")
            % {"user": affiliation.user, "organisation": affiliation.organisation}
        ),
    ),
    Queue(
        gettext_lazy("Cluster profiles to validate"),
        lambda: Cluster.objects.filter(status=ClusterStatus.PENDING).select_related("region"),
        "status__exact=pending",
        "created_at",
        lambda cluster: (
            _("%(cluster)s, located in %(region)s")
            % {"cluster": cluster.name, "region": cluster.region}
        ),
    ),
    Queue(
        gettext_lazy("Proposed thematic areas"),
        lambda: ThematicArea.objects.filter(status=AreaStatus.PROPOSED).select_related(
            "proposing_region"
        ),
        "status__exact=proposed",
        "created_at",
        lambda area: (
            _("%(area)s, proposed by %(region)s")
            % {"area": area.name, "region": area.proposing_region or _("a region not recorded")}
        ),
    ),
    Queue(
        gettext_lazy("Proposed partnerships"),
        lambda: PartnershipProposal.objects.filter(status=ProposalStatus.PROPOSED).select_related(
            "proposing_cluster", "area"
        ),
        "status__exact=proposed",
        "created_at",
        lambda proposal: (
            _("%(name)s, proposed by %(cluster)s in %(area)s")
            % {
                "name": proposal.name,
                "cluster": proposal.proposing_cluster.name,
                "area": proposal.area.name,
            }
        ),
    ),
    Queue(
        gettext_lazy("Submitted investment projects"),
        lambda: InvestmentProject.objects.filter(status=ProjectStatus.SUBMITTED).select_related(
            "lead_region", "area"
        ),
        "status__exact=submitted",
        "updated_at",
        lambda project: (
            _("%(project)s, led by %(region)s, in %(area)s")
            % {"project": project.title, "region": project.lead_region, "area": project.area.name}
        ),
    ),
    Queue(
        gettext_lazy("Reported content"),
        lambda: Report.objects.filter(status=ReportStatus.OPEN).select_related("reporter"),
        "status__exact=open",
        "created_at",
        lambda report: (
            _("“%(title)s”, reported: %(reason)s")
            % {"title": report.content_title, "reason": report.get_reason_display()}
        ),
    ),
]


def waiting_count() -> int:
    """How many records wait for a moderator, all kinds together (in every moderator's
    header): each kind's count kept until the next write (`core.counting.kept_count`)."""
    return sum(kept_count(queue.rows()) for queue in QUEUES)


def counts() -> list[Count]:
    return [Count(q.label, kept_count(q.rows()), q.admin_list_url()) for q in QUEUES]


def oldest_first() -> list[Waiting]:
    """The oldest waiting records of every kind, merged, oldest first (unknown dates first)."""
    items = [
        Waiting(
            queue.label,
            queue.describe(row),
            getattr(row, queue.since_field),
            queue.admin_url("change", row.pk),
        )
        for queue in QUEUES
        for row in queue.oldest()
    ]
    return sorted(items, key=lambda item: (item.since is not None, item.since or 0))
