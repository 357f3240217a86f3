"""Thematic area workflows: proposal, decision, joining, leaving, co-leads.

Every function takes the acting user, checks permissions with
`permissions.py`, and runs in a transaction; pages, API and admin call these
and nothing else.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.invitations import answering
from core.limits import check_daily_limit, check_join_request_limit
from core.moderators import is_moderator, moderators
from core.slugs import unique_slug
from core.text import is_blank
from core.workflow import (
    JoinRequest,
    Membership,
    RequestStatus,
    add_member,
    admit,
    check_not_member,
    decide_request,
    duplicate,
    moderator_deciding,
    record_decision,
    require_reason,
)
from notifications.choices import Kind
from notifications.services import followers_of, notify, notify_about
from regions.models import Priority, Region
from regions.permissions import representatives_of, represents_region

from . import permissions
from .choices import AreaStatus, HalfYear, InvitationStatus, MembershipRole, ReportStatus
from .models import AreaJoinRequest, AreaMembership, LeadInvitation, ProgressReport, ThematicArea

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Paths under /areas/ that an area's slug must not shadow.
RESERVED_SLUGS = {"propose", "invitations", "requests"}


def propose_area(
    *,
    user: User,
    region: Region,
    name: str,
    summary: str,
    objectives: str,
    action_plan: str,
    priorities: Iterable[Priority] = (),
    description: str = "",
) -> ThematicArea:
    """A region representative proposes an area that their region would lead."""
    if not represents_region(user, region):
        raise PermissionDenied(_("You do not represent %(region)s.") % {"region": region})
    check_daily_limit(kind="proposals", querysets=[ThematicArea.objects.filter(proposed_by=user)])
    area = ThematicArea(
        name=name.strip(),
        slug=unique_slug(ThematicArea, name, fallback="area", reserved=RESERVED_SLUGS),
        summary=summary.strip(),
        description=description.strip(),
        objectives=objectives.strip(),
        action_plan=action_plan.strip(),
        proposing_region=region,
        proposed_by=user,
        status=AreaStatus.PROPOSED,
    )
    errors = {}
    if is_blank(area.name):
        errors["name"] = _("Give the area a name.")
    if is_blank(area.objectives):
        errors["objectives"] = _("The scoping note needs the area's objectives.")
    if is_blank(area.action_plan):
        errors["action_plan"] = _("The scoping note needs a first action plan.")
    if errors:
        raise ValidationError(errors)
    area.full_clean(exclude=["priorities"])
    with transaction.atomic():
        area.save()
        area.priorities.set(priorities)
        notify_about(
            area,
            recipients=moderators(),
            kind=Kind.PROPOSAL_SUBMITTED,
            message=_("%(region)s proposed the thematic area “%(area)s”.")
            % {"region": region, "area": area},
            dedupe_key=f"area-proposed-{area.pk}",
            actor=user,
        )
    return area


def approve_area(*, area_id: int, moderator: User) -> ThematicArea:
    """Activate a proposed area; the proposing region becomes its lead."""
    return _decide_area(area_id, moderator, AreaStatus.ACTIVE, "")


def reject_area(*, area_id: int, moderator: User, reason: str) -> ThematicArea:
    require_reason(reason, _("Give a reason the proposers will see."))
    return _decide_area(area_id, moderator, AreaStatus.REJECTED, reason)


def _decide_area(area_id: int, moderator: User, status: str, reason: str) -> ThematicArea:
    with moderator_deciding(
        ThematicArea.objects.all(),
        area_id,
        moderator=moderator,
        awaiting=AreaStatus.PROPOSED,
        already_decided=_("This proposal was already decided."),
    ) as area:
        record_decision(area, status=status, user=moderator, reason=reason)
        area._change_reason = reason.strip() or _("Proposal approved")
        area.save()
        if status == AreaStatus.ACTIVE and area.proposing_region_id:
            AreaMembership.objects.create(
                area=area,
                region=area.proposing_region,
                role=MembershipRole.LEAD,
                approved_by=moderator,
            )
        verdict = _("approved") if status == AreaStatus.ACTIVE else _("rejected")
        notify_about(
            area,
            recipients=[area.proposed_by, *representatives_of(regions=[area.proposing_region_id])],
            kind=Kind.AREA_DECIDED,
            message=_("Your proposal “%(area)s” was %(verdict)s.")
            % {"area": area, "verdict": verdict},
            dedupe_key=f"area-decided-{area.pk}",
            actor=moderator,
        )
    return area


def check_can_join(area: ThematicArea, region: Region) -> None:
    """Raise a ValidationError unless `region` may join `area` now.

    Asked of a region's request to join and of a moderator adding it in the
    admin (`add_area_member`), whose form shows the refusal before saving.
    """
    if area.status != AreaStatus.ACTIVE:
        raise ValidationError(_("Only active thematic areas accept new members."))
    check_not_member(AreaMembership, area, region)


R = TypeVar("R", bound=JoinRequest)


@dataclass(frozen=True)
class JoinRequestFlow(Generic[R]):
    """How one kind of join request is made, decided and withdrawn, and who hears of it:
    a region's request to join an area, a cluster's to join a partnership.

    The steps are the same for both; only the models, the predicates and the
    sentences differ. The request model names its target and applicant (and
    their ids) as the membership's `target_field` and `member_field` do; the
    sentences are formatted with them under those names, the decision's also
    with `status`. The dedupe keys of the notifications start with the
    target's field name ("area-request-…").
    """

    model: type[R]
    membership: type[Membership]
    member_role: str
    select_related: tuple[str, ...]
    represents: Callable[[User, Any], bool]
    # Raises a ValidationError unless the applicant may join the target now.
    check_can_join: Callable[[Any, Any], None]
    # Who decides on the target's requests: told of a request and of its withdrawal.
    deciders: Callable[[Any], QuerySet[User]]
    applicant_representatives: Callable[[R], QuerySet[User]]
    can_decide: Callable[[User | AnonymousUser, R], bool]
    can_withdraw: Callable[[User, R], bool]
    not_a_representative: "StrOrPromise"
    statement_missing: "StrOrPromise"
    asked: "StrOrPromise"
    already_pending: "StrOrPromise"
    decide_refusal: "StrOrPromise"
    decided: "StrOrPromise"
    withdraw_refusal: "StrOrPromise"
    withdrawn: "StrOrPromise"

    @property
    def key(self) -> str:
        return self.membership.target_field

    def names(self, join_request: R) -> dict[str, Model]:
        fields = (self.membership.target_field, self.membership.member_field)
        return {field: getattr(join_request, field) for field in fields}

    def target(self, join_request: R) -> Any:
        return getattr(join_request, self.membership.target_field)

    def applicant(self, join_request: R) -> Any:
        return getattr(join_request, self.membership.member_field)

    def ask(self, *, user: User, target: Any, member: Any, statement: str) -> R:
        """The applicant's representative asks to join; the deciders are told."""
        member_field = self.membership.member_field
        if not self.represents(user, member):
            raise PermissionDenied(self.not_a_representative % {member_field: member})
        self.check_can_join(target, member)
        if is_blank(statement):
            raise ValidationError({"statement": self.statement_missing})
        check_join_request_limit(user)
        names = {self.membership.target_field: target, member_field: member}
        try:
            with transaction.atomic():
                join_request = self.model._default_manager.create(
                    **names, statement=statement.strip(), requested_by=user
                )
                notify(
                    recipients=self.deciders(target),
                    kind=Kind.JOIN_REQUEST_MADE,
                    message=self.asked % names,
                    url=target.get_absolute_url(),
                    subject=join_request,
                    dedupe_key=f"{self.key}-request-{join_request.pk}",
                    actor=user,
                )
        except IntegrityError:
            raise duplicate(self.already_pending % {member_field: member}) from None
        return join_request

    def decide(self, request_id: int, user: User, status: str, reason: str) -> R:
        """A decider approves (the applicant becomes a member) or rejects; the applicant's
        representatives are told."""
        join_request = self._get(request_id)
        if not self.can_decide(user, join_request):
            raise PermissionDenied(self.decide_refusal)
        with transaction.atomic():
            decided = decide_request(
                self.model._default_manager.all(),
                request_id,
                user=user,
                status=status,
                reason=reason,
                on_approve=lambda approved: admit(
                    self.membership, approved, role=self.member_role, approved_by=user
                ),
            )
            status_name = decided.get_status_display().lower()
            notify(
                recipients=[decided.requested_by, *self.applicant_representatives(decided)],
                kind=Kind.JOIN_REQUEST_DECIDED,
                message=self.decided % {**self.names(join_request), "status": status_name},
                url=self.target(join_request).get_absolute_url(),
                subject=decided,
                dedupe_key=f"{self.key}-request-decided-{decided.pk}",
                actor=user,
            )
        return decided

    def withdraw(self, request_id: int, user: User) -> R:
        """The applicant's representative withdraws a pending request; the deciders are told."""
        join_request = self._get(request_id)
        if not self.can_withdraw(user, join_request):
            raise PermissionDenied(self.withdraw_refusal)
        target = self.target(join_request)
        with transaction.atomic():
            withdrawn = decide_request(
                self.model._default_manager.all(),
                request_id,
                user=user,
                status=RequestStatus.WITHDRAWN,
            )
            notify(
                recipients=self.deciders(target),
                kind=Kind.JOIN_REQUEST_WITHDRAWN,
                message=self.withdrawn % self.names(join_request),
                url=target.get_absolute_url(),
                subject=withdrawn,
                dedupe_key=f"{self.key}-request-withdrawn-{withdrawn.pk}",
                actor=user,
            )
        return withdrawn

    def _get(self, request_id: int) -> R:
        return self.model._default_manager.select_related(*self.select_related).get(pk=request_id)


AREA_JOINING = JoinRequestFlow(
    model=AreaJoinRequest,
    membership=AreaMembership,
    member_role=MembershipRole.MEMBER,
    select_related=("area", "region"),
    represents=represents_region,
    check_can_join=check_can_join,
    deciders=permissions.lead_representatives,
    applicant_representatives=lambda join_request: representatives_of(
        regions=[join_request.region_id]
    ),
    can_decide=permissions.can_decide_join_request,
    can_withdraw=permissions.can_withdraw_join_request,
    not_a_representative=gettext_lazy("You do not represent %(region)s."),
    statement_missing=gettext_lazy("Say what your region commits to."),
    asked=gettext_lazy("%(region)s asks to join “%(area)s”."),
    already_pending=gettext_lazy("%(region)s already has a pending request for this area."),
    decide_refusal=gettext_lazy("Only a lead region of this area may decide."),
    decided=gettext_lazy("The request of %(region)s to join “%(area)s” was %(status)s."),
    withdraw_refusal=gettext_lazy("Only a representative of the applicant region may withdraw."),
    withdrawn=gettext_lazy("%(region)s withdrew its request to join “%(area)s”."),
)


def request_to_join_area(
    *, user: User, region: Region, area: ThematicArea, statement: str
) -> AreaJoinRequest:
    """A region representative asks for their region to join an active area."""
    return AREA_JOINING.ask(user=user, target=area, member=region, statement=statement)


def approve_area_join_request(*, request_id: int, user: User, reason: str = "") -> AreaJoinRequest:
    if AreaJoinRequest.objects.filter(pk=request_id, is_demo=True).exists():
        raise ValidationError(
            _(
                "This is a demo request: approving it would make a real region a member of "
                "a real area. Reject it instead."
            )
        )
    return AREA_JOINING.decide(request_id, user, RequestStatus.APPROVED, reason)


def reject_area_join_request(*, request_id: int, user: User, reason: str) -> AreaJoinRequest:
    return AREA_JOINING.decide(request_id, user, RequestStatus.REJECTED, reason)


def withdraw_area_join_request(*, request_id: int, user: User) -> AreaJoinRequest:
    return AREA_JOINING.withdraw(request_id, user)


def add_area_member(
    *, user: User, area: ThematicArea, region: Region, role: MembershipRole = MembershipRole.MEMBER
) -> AreaMembership:
    """A moderator adds a region to an active area (in the admin); its representatives are told.

    The checks are those of a region's request to join (`check_can_join`).
    """
    with transaction.atomic():
        membership = add_member(
            AreaMembership, area, region, user=user, role=role, check=check_can_join
        )
        notify_member_added(membership, user, recipients=representatives_of(regions=[region]))
    return membership


def notify_member_added(membership: Membership, actor: User, *, recipients: Iterable[User]) -> None:
    """Tell a member's representatives that a moderator added it (to an area or a partnership)."""
    role = membership.get_role_display().lower()
    notify(
        recipients=recipients,
        kind=Kind.JOIN_REQUEST_DECIDED,
        message=_("A Commission moderator added %(member)s to “%(target)s” as %(role)s.")
        % {"member": membership.member, "target": membership.target, "role": role},
        url=membership.target.get_absolute_url(),
        subject=membership,
        dedupe_key=f"{membership._meta.label_lower}-added-{membership.pk}",
        actor=actor,
    )


def leave_area(*, user: User, area: ThematicArea, region: Region) -> AreaMembership:
    """End a region's current membership; the last lead cannot leave an active area."""
    if not (is_moderator(user) or represents_region(user, region)):
        raise PermissionDenied(_("You do not represent %(region)s.") % {"region": region})
    with transaction.atomic():
        # Lock the area's current memberships so two leads leaving at once
        # cannot both see the other as the remaining lead.
        current = list(area.memberships.current().select_for_update())
        membership = next((m for m in current if m.region_id == region.pk), None)
        if membership is None:
            raise ValidationError(
                _("%(region)s is not a member of this area.") % {"region": region}
            )
        other_leads = [m for m in current if m.is_leading and m is not membership]
        if area.status == AreaStatus.ACTIVE and membership.is_leading and not other_leads:
            raise ValidationError(
                _("The last lead region cannot leave an active area. Invite a co-lead first.")
            )
        membership.end()
    return membership


def invite_colead(
    *, user: User, area: ThematicArea, region: Region, message: str = ""
) -> LeadInvitation:
    if not permissions.can_manage_area(user, area):
        raise PermissionDenied(_("Only a lead region of this area may invite co-leads."))
    if area.memberships.leads().filter(region=region).exists():
        raise duplicate(_("%(region)s already leads this area.") % {"region": region})
    try:
        with transaction.atomic():
            invitation = LeadInvitation.objects.create(
                area=area, region=region, invited_by=user, message=message.strip()
            )
            notify(
                recipients=representatives_of(regions=[region]),
                kind=Kind.COLEAD_INVITATION,
                message=_("%(region)s is invited to co-lead “%(area)s”.")
                % {"region": region, "area": area},
                url=area.get_absolute_url(),
                subject=invitation,
                dedupe_key=f"colead-invitation-{invitation.pk}",
                actor=user,
            )
    except IntegrityError:
        raise duplicate(
            _("%(region)s already has a pending invitation.") % {"region": region}
        ) from None
    return invitation


def respond_to_invitation(*, user: User, invitation_id: int, accept: bool) -> LeadInvitation:
    """The invited region accepts (becoming a lead) or declines."""
    with answering(
        LeadInvitation.objects.select_related("area", "region"),
        invitation_id,
        accept=accept,
        statuses=InvitationStatus,
        may_answer=lambda invitation: represents_region(user, invitation.region),
        refusal=_("Only a representative of the invited region may answer."),
    ) as invitation:
        if accept and invitation.area.status != AreaStatus.ACTIVE:
            raise ValidationError(_("This area is no longer active."))
        invitation.responded_by = user
        invitation.save(update_fields=["status", "responded_by", "responded_at"])
        if accept:
            _make_lead(invitation.area, invitation.region, approved_by=invitation.invited_by)
    return invitation


def _make_lead(area: ThematicArea, region: Region, *, approved_by: User) -> None:
    membership = area.memberships.current().select_for_update().filter(region=region).first()
    if membership is None:
        AreaMembership.objects.create(
            area=area, region=region, role=MembershipRole.LEAD, approved_by=approved_by
        )
    elif membership.role != MembershipRole.LEAD:
        membership.role = MembershipRole.LEAD
        membership.save(update_fields=["role"])


def _duplicate_report_error(year: int, half: int) -> ValidationError:
    return duplicate(
        _("This area already has a progress report for %(period)s %(year)s.")
        % {"period": HalfYear(half).label, "year": year},
        field="half",
    )


def save_progress_report(
    *,
    user: User,
    area: ThematicArea,
    year: int,
    half: int,
    activities: str,
    next_steps: str,
    new_members: str = "",
    projects_moved_on: str = "",
    report: ProgressReport | None = None,
) -> ProgressReport:
    """Create a lead's draft progress report, or edit it while it is still a draft.

    One report per area and half-year: the duplicate is a ValidationError,
    and the unique constraint catches two leads saving the same period at once.
    """
    if not permissions.can_manage_area(user, area):
        raise PermissionDenied(_("Only a lead region of this area may write its progress reports."))
    with transaction.atomic():
        if report is None:
            report = ProgressReport(area=area, created_by=user)
        else:
            # Lock the draft so an edit cannot slip in after it was published.
            report = ProgressReport.objects.select_for_update().get(pk=report.pk)
            if report.area_id != area.pk:
                raise PermissionDenied(_("This report belongs to another area."))
            if report.status != ReportStatus.DRAFT:
                raise ValidationError(_("A published report can no longer be edited."))
        report.year, report.half = year, half
        report.activities = activities.strip()
        report.new_members = new_members.strip()
        report.projects_moved_on = projects_moved_on.strip()
        report.next_steps = next_steps.strip()
        report.full_clean(validate_unique=False, validate_constraints=False)
        duplicates = ProgressReport.objects.filter(area=area, year=year, half=half)
        if duplicates.exclude(pk=report.pk).exists():
            raise _duplicate_report_error(year, half)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise _duplicate_report_error(year, half) from None
    return report


def publish_progress_report(*, user: User, report_id: int) -> ProgressReport:
    """Publish a draft on the area page; tell the member regions' representatives and followers."""
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().select_related("area").get(pk=report_id)
        if not permissions.can_manage_area(user, report.area):
            raise PermissionDenied(_("Only a lead region of this area may publish its reports."))
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(_("This report is already published."))
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.save(update_fields=["status", "published_at"])
        area = report.area
        notify(
            recipients=[
                *representatives_of(regions=area.memberships.current().values("region")),
                *followers_of(area),
            ],
            kind=Kind.REPORT_PUBLISHED,
            message=_("The progress report of “%(area)s” for %(period)s %(year)s is published.")
            % {"area": area, "period": report.get_half_display(), "year": report.year},
            url=area.get_absolute_url(),
            subject=report,
            dedupe_key=f"report-published-{report.pk}",
            actor=user,
        )
    return report
