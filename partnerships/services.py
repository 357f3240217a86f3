"""Partnership workflows: clusters join while the call is open; coordinator or leads decide."""

import datetime
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.limits import check_daily_limit
from core.moderators import is_moderator, moderators
from core.slugs import unique_slug
from core.text import is_blank
from core.workflow import (
    RequestStatus,
    add_member,
    check_not_member,
    moderator_deciding,
    record_decision,
    require_reason,
)
from notifications.choices import Kind
from notifications.models import Notification
from notifications.services import followers_of, notify, notify_about
from regions.choices import ClusterStatus
from regions.models import Cluster
from regions.permissions import representatives_of, represents_cluster
from thematic_areas.choices import AreaStatus
from thematic_areas.models import ThematicArea
from thematic_areas.services import JoinRequestFlow, notify_member_added

from . import permissions
from .choices import InvitationAnswer, PartnershipRole, ProposalStatus
from .models import (
    Call,
    Partnership,
    PartnershipJoinRequest,
    PartnershipMembership,
    PartnershipProposal,
    ProposalInvitation,
)


def check_call_window(partnership: Partnership, day: datetime.date | None = None) -> None:
    """Raise a ValidationError saying when the call opens or closed, outside its window."""
    call = partnership.call
    if call is None:
        return
    day = day or timezone.localdate()
    if day < call.opens_on:
        raise ValidationError(
            _("The call “%(call)s” opens on %(date)s; requests are accepted from then.")
            % {"call": call, "date": formats.date_format(call.opens_on)}
        )
    if day > call.closes_on:
        raise ValidationError(
            _("The call “%(call)s” closed on %(date)s; no more requests are accepted.")
            % {"call": call, "date": formats.date_format(call.closes_on)}
        )


def check_can_join(
    partnership: Partnership, cluster: Cluster, *, during_call: bool = False
) -> None:
    """Raise a ValidationError unless `cluster` may join `partnership` now.

    A cluster's own request must come `during_call`; a moderator adding a
    member in the admin (`add_partnership_member`) records it whenever it
    was agreed, and the admin form shows the refusal before saving.
    """
    if cluster.status != ClusterStatus.PUBLISHED:
        raise ValidationError(_("Your cluster profile must be validated before it can join."))
    if partnership.area.status != AreaStatus.ACTIVE:
        raise ValidationError(_("This partnership's thematic area is not active."))
    if during_call:
        check_call_window(partnership)
    check_not_member(PartnershipMembership, partnership, cluster)


PARTNERSHIP_JOINING = JoinRequestFlow(
    model=PartnershipJoinRequest,
    membership=PartnershipMembership,
    member_role=PartnershipRole.MEMBER,
    select_related=("partnership__area", "cluster"),
    represents=represents_cluster,
    # A cluster's own request comes while the call is open (`check_can_join`).
    check_can_join=partial(check_can_join, during_call=True),
    deciders=permissions.deciding_representatives,
    applicant_representatives=lambda join_request: representatives_of(
        clusters=[join_request.cluster_id]
    ),
    can_decide=permissions.can_decide_join_request,
    can_withdraw=permissions.can_withdraw_join_request,
    not_a_representative=gettext_lazy("You do not represent %(cluster)s."),
    statement_missing=gettext_lazy("Say what your cluster commits to."),
    asked=gettext_lazy("%(cluster)s asks to join the partnership “%(partnership)s”."),
    already_pending=gettext_lazy("%(cluster)s already has a pending request for this partnership."),
    decide_refusal=gettext_lazy("Only the coordinator or a lead region of the area may decide."),
    decided=gettext_lazy("The request of %(cluster)s to join “%(partnership)s” was %(status)s."),
    withdraw_refusal=gettext_lazy("Only a representative of the applicant cluster may withdraw."),
    withdrawn=gettext_lazy("%(cluster)s withdrew its request to join “%(partnership)s”."),
)


def request_to_join_partnership(
    *, user: User, cluster: Cluster, partnership: Partnership, statement: str
) -> PartnershipJoinRequest:
    """A cluster representative asks to join; accepted only while the call is open."""
    return PARTNERSHIP_JOINING.ask(
        user=user, target=partnership, member=cluster, statement=statement
    )


def approve_partnership_join_request(
    *, request_id: int, user: User, reason: str = ""
) -> PartnershipJoinRequest:
    return PARTNERSHIP_JOINING.decide(request_id, user, RequestStatus.APPROVED, reason)


def reject_partnership_join_request(
    *, request_id: int, user: User, reason: str
) -> PartnershipJoinRequest:
    return PARTNERSHIP_JOINING.decide(request_id, user, RequestStatus.REJECTED, reason)


def withdraw_partnership_join_request(*, request_id: int, user: User) -> PartnershipJoinRequest:
    return PARTNERSHIP_JOINING.withdraw(request_id, user)


def add_partnership_member(
    *,
    user: User,
    partnership: Partnership,
    cluster: Cluster,
    role: PartnershipRole = PartnershipRole.MEMBER,
) -> PartnershipMembership:
    """A moderator adds a cluster to a partnership (in the admin); its representatives are told.

    The checks are those of a cluster's request to join but the call's dates
    (`check_can_join`).
    """
    with transaction.atomic():
        membership = add_member(
            PartnershipMembership, partnership, cluster, user=user, role=role, check=check_can_join
        )
        notify_member_added(membership, user, recipients=representatives_of(clusters=[cluster]))
    return membership


def leave_partnership(
    *, user: User, partnership: Partnership, cluster: Cluster
) -> PartnershipMembership:
    if not (is_moderator(user) or represents_cluster(user, cluster)):
        raise PermissionDenied(_("You do not represent %(cluster)s.") % {"cluster": cluster})
    with transaction.atomic():
        membership = (
            partnership.memberships.current().select_for_update().filter(cluster=cluster).first()
        )
        if membership is None:
            raise ValidationError(_("%(cluster)s is not a member.") % {"cluster": cluster})
        if membership.is_leading:
            raise ValidationError(_("The coordinator cannot leave; a moderator can name another."))
        membership.end()
    return membership


REMINDER_DAYS_BEFORE_CLOSING = 7


def call_audience(call: Call) -> set[User]:
    """Who hears of a call: its followers, its partnerships' followers and member clusters."""
    partnerships = list(call.partnerships.all())
    members = PartnershipMembership.objects.current().filter(partnership__in=partnerships)
    audience = {*followers_of(call), *representatives_of(clusters=members.values("cluster"))}
    for partnership in partnerships:
        audience.update(followers_of(partnership))
    return audience


def send_call_reminders(*, today: datetime.date | None = None) -> int:
    """Notify that open calls are open, and that they close soon, once per call and user.

    Safe to run any number of times a day: the dedupe keys let each reminder
    reach each user once; a user who follows a call later still hears of it.
    """
    today = today or timezone.localdate()
    open_calls = Call.objects.open_on(today).prefetch_related("partnerships")
    closing_soon = datetime.timedelta(days=REMINDER_DAYS_BEFORE_CLOSING)
    sent = 0
    for call in open_calls:
        audience = call_audience(call)
        with transaction.atomic():
            sent += len(_remind(call, audience, Kind.CALL_OPENING))
            if call.closes_on - closing_soon <= today:
                sent += len(_remind(call, audience, Kind.CALL_CLOSING))
    return sent


def _remind(call: Call, audience: set[User], kind: str) -> list[Notification]:
    closes_on = formats.date_format(call.closes_on)
    if kind == Kind.CALL_OPENING:
        message = _("The call “%(call)s” is open until %(date)s.")
        dedupe_key = f"call-opening-{call.pk}"
    else:
        message = _("The call “%(call)s” closes on %(date)s.")
        dedupe_key = f"call-closing-{call.pk}"
    return notify(
        recipients=audience,
        kind=kind,
        message=message % {"call": call, "date": closes_on},
        url=f"{reverse('partnerships:call_list')}#call-{call.pk}",
        subject=call,
        dedupe_key=dedupe_key,
    )


# The paths beside "partnerships/<slug>/" (partnerships/urls.py).
RESERVED_SLUGS = {"propose", "proposals", "requests"}


def propose_partnership(
    *,
    user: User,
    cluster: Cluster,
    area: ThematicArea,
    call: Call,
    name: str,
    kind: str,
    objectives: str,
    invited: Iterable[Cluster] = (),
) -> PartnershipProposal:
    """A cluster's representative proposes a new partnership in an area while a call is open;
    the invited clusters and the moderators hear of it."""
    if not represents_cluster(user, cluster):
        raise PermissionDenied(_("You do not represent %(cluster)s.") % {"cluster": cluster})
    if cluster.status != ClusterStatus.PUBLISHED:
        raise ValidationError(_("Your cluster profile must be validated before it can propose."))
    if area.status != AreaStatus.ACTIVE:
        raise ValidationError({"area": _("Partnerships are proposed in active areas only.")})
    if not call.is_open():
        raise ValidationError({"call": _("Partnerships are proposed while a call is open.")})
    for field, value in (("name", name), ("objectives", objectives)):
        if is_blank(value):
            raise ValidationError({field: _("This field is required.")})
    others = {c for c in invited if c.pk != cluster.pk}
    if any(c.status != ClusterStatus.PUBLISHED for c in others):
        raise ValidationError({"invited": _("Only validated cluster profiles can be invited.")})
    check_daily_limit(
        kind="proposals",
        querysets=[
            PartnershipProposal.objects.filter(proposed_by=user),
            ThematicArea.objects.filter(proposed_by=user),
        ],
    )
    with transaction.atomic():
        proposal = PartnershipProposal.objects.create(
            area=area,
            call=call,
            proposing_cluster=cluster,
            proposed_by=user,
            name=name.strip(),
            kind=kind,
            objectives=objectives.strip(),
        )
        ProposalInvitation.objects.bulk_create(
            ProposalInvitation(proposal=proposal, cluster=c) for c in others
        )
        notify(
            recipients=representatives_of(clusters=[c.pk for c in others]),
            kind=Kind.PARTNERSHIP_PROPOSED,
            message=_(
                "%(cluster)s invites your cluster into the partnership it proposes: “%(name)s”."
            )
            % {"cluster": cluster, "name": proposal.name},
            url=proposal.get_absolute_url(),
            subject=proposal,
            actor=user,
            dedupe_key=f"partnership-proposed-{proposal.pk}",
        )
        notify(
            recipients=moderators(),
            kind=Kind.MODERATION_WAITING,
            message=_("%(cluster)s proposes the partnership “%(name)s” in “%(area)s”.")
            % {"cluster": cluster, "name": proposal.name, "area": area},
            url=reverse("admin:partnerships_partnershipproposal_change", args=[proposal.pk]),
            subject=proposal,
            actor=user,
            dedupe_key=f"partnership-proposal-waiting-{proposal.pk}",
        )
    return proposal


def answer_proposal_invitation(
    *, user: User, invitation_id: int, confirm: bool
) -> ProposalInvitation:
    """An invited cluster's representative confirms or declines, until the proposal is decided."""
    with transaction.atomic():
        invitation = (
            ProposalInvitation.objects.select_for_update()
            .select_related("proposal", "cluster")
            .get(pk=invitation_id)
        )
        if not represents_cluster(user, invitation.cluster):
            raise PermissionDenied(_("Only a representative of the invited cluster may answer."))
        if invitation.proposal.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("This proposal was already decided."))
        invitation.answer = InvitationAnswer.CONFIRMED if confirm else InvitationAnswer.DECLINED
        invitation.answered_by = user
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answer", "answered_by", "answered_at"])
    return invitation


def approve_partnership_proposal(*, proposal_id: int, moderator: User) -> PartnershipProposal:
    """Create the partnership: the proposing cluster coordinates, those who confirmed join."""
    return _decide_proposal(proposal_id, moderator, ProposalStatus.APPROVED, "")


def reject_partnership_proposal(
    *, proposal_id: int, moderator: User, reason: str
) -> PartnershipProposal:
    require_reason(reason, _("Give a reason the proposers will see."))
    return _decide_proposal(proposal_id, moderator, ProposalStatus.REJECTED, reason)


def _decide_proposal(
    proposal_id: int, moderator: User, status: str, reason: str
) -> PartnershipProposal:
    with moderator_deciding(
        PartnershipProposal.objects.select_related("area", "call", "proposing_cluster"),
        proposal_id,
        moderator=moderator,
        awaiting=ProposalStatus.PROPOSED,
        already_decided=_("This proposal was already decided."),
    ) as proposal:
        confirmed = [
            i.cluster
            for i in proposal.invitations.filter(answer=InvitationAnswer.CONFIRMED).select_related(
                "cluster"
            )
        ]
        if status == ProposalStatus.APPROVED:
            proposal.partnership = _create_partnership(proposal, confirmed, moderator)
        record_decision(proposal, status=status, user=moderator, reason=reason)
        proposal._change_reason = reason.strip() or _("Proposal approved")  # type: ignore[attr-defined]
        proposal.save()
        verdict = _("approved") if status == ProposalStatus.APPROVED else _("rejected")
        message = _("The partnership proposal “%(name)s” was %(verdict)s.") % {
            "name": proposal.name,
            "verdict": verdict,
        }
        notify_about(
            proposal,
            recipients=[
                proposal.proposed_by,
                *representatives_of(
                    clusters=[
                        proposal.proposing_cluster_id,
                        *proposal.invitations.values_list("cluster", flat=True),
                    ]
                ),
            ],
            kind=Kind.PROPOSAL_DECIDED,
            message=f"{message} {proposal.decision_reason}".strip(),
            actor=moderator,
            dedupe_key=f"partnership-proposal-decided-{proposal.pk}",
        )
    return proposal


def _create_partnership(
    proposal: PartnershipProposal, members: list[Cluster], moderator: User
) -> Partnership:
    partnership = Partnership.objects.create(
        area=proposal.area,
        name=proposal.name,
        slug=unique_slug(
            Partnership, proposal.name, fallback="partnership", reserved=RESERVED_SLUGS
        ),
        kind=proposal.kind,
        description=proposal.objectives,
        coordinator=proposal.proposing_cluster,
        call=proposal.call,
    )
    roles = [(proposal.proposing_cluster, PartnershipRole.COORDINATOR)]
    roles += [(cluster, PartnershipRole.MEMBER) for cluster in members]
    # One by one, so that each membership's history starts with it.
    for cluster, role in roles:
        PartnershipMembership.objects.create(
            partnership=partnership, cluster=cluster, role=role, approved_by=moderator
        )
    return partnership
