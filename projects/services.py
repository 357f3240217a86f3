"""Investment project workflows: creating and editing, partners, funding, review, stages.

Every function takes the acting user, checks permissions with
`permissions.py`, and runs in a transaction; pages, API and admin call these
and nothing else. The project row is locked (`select_for_update`) whenever a
rule spans rows — funding against the total, one transition at a time — so
two people acting at once cannot both pass a check that only one should.

Status: draft → submitted (by its representatives) → published (by a lead
representative of the area, or a moderator) → archived; a submitted project
may be returned to draft with a reason. The stage may move to any other
stage while the project is not archived (a demonstration can fail and go
back to scoping); each move is recorded as a `StageChange`.
"""

from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.moderators import moderators
from core.slugs import unique_slug
from core.workflow import duplicate, locked_awaiting, require_reason
from notifications.choices import Kind
from notifications.services import followers_of, notify_about
from partnerships.models import Partnership
from regions.models import Cluster, Region
from regions.permissions import representatives_of, represents_cluster, represents_region
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaMembership, ThematicArea
from thematic_areas.permissions import lead_representatives

from . import permissions
from .choices import OrganisationType, PartnerRole, ProjectStatus, Stage
from .models import FundingSource, InvestmentProject, ProjectPartner, StageChange

# Paths under /projects/ that a project's slug must not shadow.
RESERVED_SLUGS = {"new"}

EDITABLE_FIELDS = ("title", "summary", "partnership", "trl", "total_investment")


def member_regions(area: ThematicArea) -> QuerySet[Region]:
    return Region.objects.filter(
        pk__in=AreaMembership.objects.current().filter(area=area).values("region")
    )


def member_clusters(area: ThematicArea) -> QuerySet[Cluster]:
    """Clusters in a partnership of the area: the area's members among clusters."""
    return Cluster.objects.filter(
        partnership_memberships__partnership__area=area,
        partnership_memberships__left_at__isnull=True,
    ).distinct()


def project_representatives(project: InvestmentProject) -> QuerySet[User]:
    partners = project.partners.all()
    return representatives_of(
        regions=[
            project.lead_region_id,
            *partners.filter(cluster__isnull=True).values_list("region", flat=True),
        ],
        clusters=partners.filter(cluster__isnull=False).values("cluster"),
    )


def _check_organisation(user: User, area: ThematicArea, organisation: Region | Cluster) -> None:
    """The organisation the user acts for must be theirs and a current member of the area."""
    if isinstance(organisation, Cluster):
        if not represents_cluster(user, organisation):
            raise PermissionDenied(_("You do not represent %(org)s.") % {"org": organisation})
        if not member_clusters(area).filter(pk=organisation.pk).exists():
            raise ValidationError(
                {
                    "organisation": _("%(org)s is in no partnership of “%(area)s”.")
                    % {"org": organisation, "area": area}
                }
            )
        return
    if not represents_region(user, organisation):
        raise PermissionDenied(_("You do not represent %(org)s.") % {"org": organisation})
    if not member_regions(area).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {
                "organisation": _("%(org)s is not a member of “%(area)s”.")
                % {"org": organisation, "area": area}
            }
        )


def _check_partnership(area: ThematicArea, partnership: Partnership | None) -> None:
    if partnership is not None and partnership.area_id != area.pk:
        raise ValidationError(
            {"partnership": _("This partnership belongs to another thematic area.")}
        )


def create_project(
    *,
    user: User,
    organisation: Region | Cluster,
    area: ThematicArea,
    title: str,
    summary: str,
    trl: int,
    total_investment: Decimal,
    partnership: Partnership | None = None,
    stage: str = Stage.IDEA,
) -> InvestmentProject:
    """A representative of a member region or cluster creates a draft project in the area.

    A region leads the project itself; a cluster's project is led by the
    cluster's region. The organisation becomes the project's lead partner.
    """
    if area.status != AreaStatus.ACTIVE:
        raise ValidationError({"area": _("Projects are created in active areas only.")})
    _check_organisation(user, area, organisation)
    _check_partnership(area, partnership)
    lead_region = organisation if isinstance(organisation, Region) else organisation.region
    project = InvestmentProject(
        title=title.strip(),
        slug=unique_slug(InvestmentProject, title, fallback="project", reserved=RESERVED_SLUGS),
        summary=summary.strip(),
        area=area,
        partnership=partnership,
        lead_region=lead_region,
        stage=stage,
        trl=trl,
        total_investment=total_investment,
        created_by=user,
    )
    project.full_clean()
    with transaction.atomic():
        project.save()
        ProjectPartner.objects.create(
            project=project, role=PartnerRole.LEAD, **_describe(organisation)
        )
        StageChange.objects.create(project=project, to_stage=stage, changed_by=user)
    return project


def _describe(organisation: Region | Cluster) -> dict[str, Any]:
    if isinstance(organisation, Cluster):
        return {
            "cluster": organisation,
            "region": organisation.region,
            "organisation_name": organisation.name,
            "organisation_type": OrganisationType.CLUSTER,
            "country": organisation.region.country,
        }
    return {
        "region": organisation,
        "organisation_name": organisation.display_name,
        "organisation_type": OrganisationType.PUBLIC,
        "country": organisation.country,
    }


def _editable(user: User, project_id: int) -> InvestmentProject:
    """The project, read with its area and locked, if the user may edit it."""
    project = (
        InvestmentProject.objects.select_for_update().select_related("area").get(pk=project_id)
    )
    if not permissions.can_edit_project(user, project):
        raise PermissionDenied(_("You may not edit this project."))
    return project


def _check_funding(
    project: InvestmentProject, funding_total: Decimal, confirm_oversubscription: bool
) -> None:
    """Funding above the total investment needs an explicit confirmation."""
    over = funding_total > project.total_investment
    if over and not confirm_oversubscription:
        raise ValidationError(
            {
                "confirm_oversubscription": _(
                    "The funding (%(funding)s EUR) exceeds the total investment "
                    "(%(total)s EUR). Confirm the over-subscription to save it."
                )
                % {"funding": funding_total, "total": project.total_investment}
            }
        )
    project.oversubscription_confirmed = over


def _funding_total(project: InvestmentProject, *, excluding: int | None = None) -> Decimal:
    sources = project.funding_sources.all()
    if excluding is not None:
        sources = sources.exclude(pk=excluding)
    return sources.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def update_project(
    *, user: User, project_id: int, confirm_oversubscription: bool = False, **fields: object
) -> InvestmentProject:
    """Change the title, summary, partnership, TRL or total investment."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        project = _editable(user, project_id)
        for name, value in fields.items():
            setattr(project, name, value.strip() if isinstance(value, str) else value)
        _check_partnership(project.area, project.partnership)
        project.full_clean()
        _check_funding(project, _funding_total(project), confirm_oversubscription)
        project.save()
    return project


def add_partner(
    *,
    user: User,
    project_id: int,
    region: Region | None = None,
    cluster: Cluster | None = None,
    organisation_name: str = "",
    organisation_type: str = "",
    country: str = "",
) -> ProjectPartner:
    """Add a member region or cluster of the area, or an external organisation by name."""
    with transaction.atomic():
        project = _editable(user, project_id)
        if region is not None and cluster is not None:
            raise ValidationError(_("Add a region or a cluster, not both at once."))
        if region is not None:
            if not member_regions(project.area).filter(pk=region.pk).exists():
                raise ValidationError(
                    {
                        "region": _("%(region)s is not a member of the project's area.")
                        % {"region": region}
                    }
                )
            partner = ProjectPartner(project=project, **_describe(region))
        elif cluster is not None:
            if not member_clusters(project.area).filter(pk=cluster.pk).exists():
                raise ValidationError(
                    {
                        "cluster": _("%(cluster)s is in no partnership of the project's area.")
                        % {"cluster": cluster}
                    }
                )
            partner = ProjectPartner(project=project, **_describe(cluster))
        else:
            partner = _external_partner(project, organisation_name, organisation_type, country)
        partner.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                partner.save()
        except IntegrityError:
            raise duplicate(
                _("%(org)s already takes part in this project.")
                % {"org": partner.organisation_name}
            ) from None
    return partner


def _external_partner(
    project: InvestmentProject, name: str, organisation_type: str, country: str
) -> ProjectPartner:
    errors = {}
    name, country = name.strip(), country.strip().upper()
    if not name:
        errors["organisation_name"] = _("Name the organisation.")
    if organisation_type not in OrganisationType.values:
        errors["organisation_type"] = _("Choose the kind of organisation.")
    if len(country) != 2 or not country.isalpha():
        errors["country"] = _("Give the two-letter country code, e.g. DE.")
    if errors:
        raise ValidationError(errors)
    return ProjectPartner(
        project=project,
        organisation_name=name,
        organisation_type=organisation_type,
        country=country,
    )


def remove_partner(*, user: User, partner_id: int) -> InvestmentProject:
    with transaction.atomic():
        partner = ProjectPartner.objects.select_related("project").get(pk=partner_id)
        project = _editable(user, partner.project_id)
        if partner.role == PartnerRole.LEAD:
            raise ValidationError(_("The lead partner stays with its project."))
        partner.delete()
    return project


def save_funding_source(
    *,
    user: User,
    project_id: int,
    kind: str,
    amount: Decimal,
    status: str,
    note: str = "",
    source_id: int | None = None,
    confirm_oversubscription: bool = False,
) -> FundingSource:
    """Add a funding source, or change the one given by `source_id`."""
    with transaction.atomic():
        project = _editable(user, project_id)
        if source_id is None:
            source = FundingSource(project=project)
        else:
            source = project.funding_sources.select_for_update().get(pk=source_id)
        source.kind, source.amount, source.status = kind, amount, status
        source.note = note.strip()
        source.full_clean()
        others = _funding_total(project, excluding=source.pk)
        _check_funding(project, others + source.amount, confirm_oversubscription)
        source.save()
        project.save(update_fields=["oversubscription_confirmed", "updated_at"])
    return source


def remove_funding_source(*, user: User, source_id: int) -> InvestmentProject:
    with transaction.atomic():
        source = FundingSource.objects.get(pk=source_id)
        project = _editable(user, source.project_id)
        source.delete()
        project.oversubscription_confirmed = _funding_total(project) > project.total_investment
        project.save(update_fields=["oversubscription_confirmed", "updated_at"])
    return project


def change_stage(*, user: User, project_id: int, stage: str) -> InvestmentProject:
    with transaction.atomic():
        project = _editable(user, project_id)
        if stage not in Stage.values:
            raise ValidationError({"stage": _("Choose one of the stages.")})
        if stage == project.stage:
            raise ValidationError({"stage": _("The project is already at this stage.")})
        StageChange.objects.create(
            project=project, from_stage=project.stage, to_stage=stage, changed_by=user
        )
        project.stage = stage
        project._change_reason = _("Stage changed")  # type: ignore[attr-defined]
        project.save(update_fields=["stage", "updated_at"])
    return project


def _moving(project_id: int, **rules: Any) -> AbstractContextManager[InvestmentProject]:
    """`locked_awaiting` (its `rules`) for the project `project_id`, read with its area."""
    return locked_awaiting(InvestmentProject.objects.select_related("area"), project_id, **rules)


def submit_project(*, user: User, project_id: int) -> InvestmentProject:
    """Its representatives submit a draft to the area's leads for publication."""
    with _moving(
        project_id,
        awaiting=ProjectStatus.DRAFT,
        wrong_status=_("Only a draft can be submitted."),
        allowed=lambda project: permissions.may_submit_project(user, project),
        refusal=_("Only the project's representatives may submit it."),
    ) as project:
        project.status = ProjectStatus.SUBMITTED
        project.return_reason = ""
        project.save(update_fields=["status", "return_reason", "updated_at"])
        message = _("“%(project)s” was submitted for publication in “%(area)s”.") % {
            "project": project,
            "area": project.area,
        }
        submitted_at = timezone.now().isoformat()
        # The area's leads decide; the moderators may too, and see it in their queue.
        for recipients, kind, key in (
            (lead_representatives(project.area), Kind.PROJECT_SUBMITTED, "project-submitted"),
            (moderators(), Kind.MODERATION_WAITING, "project-submitted-to-moderators"),
        ):
            notify_about(
                project,
                recipients=recipients,
                kind=kind,
                message=message,
                dedupe_key=f"{key}-{project.pk}-{submitted_at}",
                actor=user,
            )
    return project


def _reviewing(user: User, project_id: int) -> AbstractContextManager[InvestmentProject]:
    return _moving(
        project_id,
        awaiting=ProjectStatus.SUBMITTED,
        wrong_status=_("Only a submitted project can be published or returned."),
        allowed=lambda project: permissions.may_review_project(user, project),
        refusal=_("Only a lead of the area or a moderator may decide on this project."),
    )


def publish_project(*, user: User, project_id: int) -> InvestmentProject:
    with _reviewing(user, project_id) as project:
        project.status = ProjectStatus.PUBLISHED
        project.published_by = user
        project.published_at = timezone.now()
        project.save(update_fields=["status", "published_by", "published_at", "updated_at"])
        area = project.area
        recipients = [
            *representatives_of(regions=member_regions(area), clusters=member_clusters(area)),
            *followers_of(area),
        ]
        notify_about(
            project,
            recipients=recipients,
            kind=Kind.PROJECT_PUBLISHED,
            message=_("The project “%(project)s” was published in “%(area)s”.")
            % {"project": project, "area": area},
            dedupe_key=f"project-published-{project.pk}",
            actor=user,
        )
    return project


def return_project(*, user: User, project_id: int, reason: str) -> InvestmentProject:
    """Send a submitted project back to draft, with the reason its representatives see."""
    with _reviewing(user, project_id) as project:
        require_reason(reason, _("Say what the project needs before publication."))
        project.status = ProjectStatus.DRAFT
        project.return_reason = reason.strip()
        project._change_reason = reason.strip()  # type: ignore[attr-defined]
        project.save(update_fields=["status", "return_reason", "updated_at"])
        notify_about(
            project,
            recipients=[project.created_by, *project_representatives(project)],
            kind=Kind.PROJECT_RETURNED,
            message=_("“%(project)s” was returned to draft: %(reason)s")
            % {"project": project, "reason": project.return_reason},
            dedupe_key=f"project-returned-{project.pk}-{timezone.now().isoformat()}",
            actor=user,
        )
    return project


def archive_project(*, user: User, project_id: int) -> InvestmentProject:
    with _moving(
        project_id,
        awaiting=ProjectStatus.PUBLISHED,
        wrong_status=_("Only a published project can be archived."),
        allowed=lambda project: permissions.may_archive_project(user, project),
        refusal=_("You may not archive this project."),
    ) as project:
        project.status = ProjectStatus.ARCHIVED
        project.save(update_fields=["status", "updated_at"])
    return project
