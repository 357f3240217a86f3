"""Affiliation and cluster-profile workflows, shared by pages, API and admin."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import has_verified_email
from core.invitations import answering
from core.mail import queue_email
from core.moderators import NOT_A_MODERATOR, is_moderator, moderators
from core.slugs import unique_slug
from core.workflow import (
    DECISION_FIELDS,
    duplicate,
    moderator_deciding,
    record_decision,
    require_reason,
)
from notifications.choices import Kind
from notifications.services import notify

from .choices import AffiliationStatus, ClusterStatus, InvitationStatus
from .models import (
    MEMBER_COUNT_FIELDS,
    Affiliation,
    AffiliationInvitation,
    Cluster,
    ClusterValidation,
    Priority,
    Region,
)
from .permissions import can_edit_cluster, represents_region

MIN_MANAGEMENT_FTE = Decimal("0.5")
MIN_MEMBERS = 15
MIN_MEMBER_KINDS = 2
OPEN_AFFILIATION = [AffiliationStatus.PENDING, AffiliationStatus.VERIFIED]


def request_affiliation(
    *,
    user: User,
    region: Region | None = None,
    cluster: Cluster | None = None,
    role_title: str,
    official_email: str,
    justification: str,
) -> Affiliation:
    """Ask to represent one region or one cluster; a moderator decides."""
    if not has_verified_email(user):
        raise PermissionDenied(
            _("Verify your e-mail address before asking to represent an organisation.")
        )
    if (region is None) == (cluster is None):
        raise ValidationError(_("Choose either a region or a cluster organisation."))
    affiliation = Affiliation(
        user=user,
        region=region,
        cluster=cluster,
        role_title=role_title.strip(),
        official_email=official_email.strip(),
        justification=justification.strip(),
    )
    affiliation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            affiliation.save()
            notify(
                recipients=moderators(),
                kind=Kind.MODERATION_WAITING,
                message=_("%(user)s asks to represent %(organisation)s.")
                % {"user": user, "organisation": affiliation.organisation},
                url=reverse("admin:regions_affiliation_change", args=[affiliation.pk]),
                subject=affiliation,
                dedupe_key=f"affiliation-requested-{affiliation.pk}",
                actor=user,
            )
    except IntegrityError:
        raise duplicate(
            _("You already represent %(organisation)s or have asked to.")
            % {"organisation": region or cluster}
        ) from None
    return affiliation


def verify_affiliation(*, affiliation_id: int, moderator: User) -> Affiliation:
    return _decide_affiliation(affiliation_id, moderator, AffiliationStatus.VERIFIED, "")


def reject_affiliation(*, affiliation_id: int, moderator: User, reason: str) -> Affiliation:
    require_reason(reason, _("Give a reason the user will see."))
    return _decide_affiliation(affiliation_id, moderator, AffiliationStatus.REJECTED, reason)


def _decide_affiliation(
    affiliation_id: int, moderator: User, status: str, reason: str
) -> Affiliation:
    with moderator_deciding(
        Affiliation.objects.all(),
        affiliation_id,
        moderator=moderator,
        awaiting=AffiliationStatus.PENDING,
        already_decided=_("This affiliation was already decided."),
    ) as affiliation:
        record_decision(affiliation, status=status, user=moderator, reason=reason)
        affiliation.save(update_fields=DECISION_FIELDS)
        notify(
            recipients=[affiliation.user],
            kind=Kind.AFFILIATION_DECIDED,
            message=_("Your request to represent %(organisation)s was %(status)s.")
            % {
                "organisation": affiliation.organisation,
                "status": affiliation.get_status_display().lower(),
            },
            url=reverse("dashboard"),
            subject=affiliation,
            dedupe_key=f"affiliation-decided-{affiliation.pk}",
            actor=moderator,
        )
    return affiliation


def cluster_checklist(cluster: Cluster, *, english_website_ok: bool) -> dict[str, bool]:
    """The European Cluster Collaboration Platform's criteria, one by one."""
    return {
        "management_fte_ok": cluster.management_fte >= MIN_MANAGEMENT_FTE,
        "members_ok": cluster.total_members >= MIN_MEMBERS,
        "member_kinds_ok": cluster.member_kinds >= MIN_MEMBER_KINDS,
        "english_website_ok": bool(english_website_ok and cluster.website),
    }


def review_cluster_profile(
    *,
    cluster_id: int,
    moderator: User,
    approve: bool,
    english_website_ok: bool,
    reason: str = "",
) -> ClusterValidation:
    """Publish or reject a cluster profile, recording the checklist behind the decision."""
    with moderator_deciding(
        Cluster.objects.all(),
        cluster_id,
        moderator=moderator,
        awaiting=ClusterStatus.PENDING,
        already_decided=_("This profile is not awaiting validation."),
    ) as cluster:
        checklist = cluster_checklist(cluster, english_website_ok=english_website_ok)
        if approve and not all(checklist.values()):
            # The criteria are columns of ClusterValidation, so they are looked up among its
            # concrete fields (`get_field` would also answer relations, which have no verbose name).
            columns = {field.name: field for field in ClusterValidation._meta.concrete_fields}
            failed = [str(columns[name].verbose_name) for name, ok in checklist.items() if not ok]
            raise ValidationError(
                _("The profile does not meet: %(criteria)s.") % {"criteria": "; ".join(failed)}
            )
        if not approve:
            require_reason(reason, _("Give a reason the cluster will see."))
        validation = ClusterValidation.objects.create(
            cluster=cluster,
            approved=approve,
            reason=reason.strip(),
            decided_by=moderator,
            **checklist,
        )
        cluster.status = ClusterStatus.PUBLISHED if approve else ClusterStatus.REJECTED
        cluster.save(update_fields=["status", "updated_at"])
        notify(
            recipients=cluster_representatives(cluster, include_pending=True),
            kind=Kind.CLUSTER_DECIDED,
            message=_("The profile of %(cluster)s was %(verdict)s.")
            % {"cluster": cluster, "verdict": _("validated") if approve else _("rejected")},
            url=reverse("dashboard"),
            subject=validation,
            dedupe_key=f"cluster-validation-{validation.pk}",
            actor=moderator,
        )
    return validation


def cluster_representatives(cluster: Cluster, *, include_pending: bool = False) -> list[User]:
    statuses = OPEN_AFFILIATION if include_pending else [AffiliationStatus.VERIFIED]
    return [a.user for a in cluster.affiliations.filter(status__in=statuses).select_related("user")]


def invite_colleague(*, user: User, region: Region, email: str) -> AffiliationInvitation:
    """A verified representative invites a colleague to represent the same region."""
    if not represents_region(user, region):
        raise PermissionDenied(
            _("Only a verified representative of %(region)s may invite.") % {"region": region}
        )
    email = email.strip().lower()
    if Affiliation.objects.filter(
        region=region, user__email__iexact=email, status__in=OPEN_AFFILIATION
    ).exists():
        raise duplicate(_("This person already represents the region or asked to."), field="email")
    invitation = AffiliationInvitation(region=region, email=email, invited_by=user)
    # The model's checks (an address of at most 254 characters) are not all in
    # the form, and PostgreSQL would refuse an over-long one with an error.
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
            # With the invitation or not at all; a worker sends it (core.mail).
            _queue_invitation_email(invitation)
    except IntegrityError:
        raise duplicate(_("This person already has a pending invitation."), field="email") from None
    return invitation


def _queue_invitation_email(invitation: AffiliationInvitation) -> None:
    context = {"invitation": invitation, "site_url": settings.SITE_URL}
    queue_email(
        EmailMessage(
            subject=_("You are invited to represent %(region)s") % {"region": invitation.region},
            body=render_to_string("regions/email/invitation.txt", context),
            to=[invitation.email],
        )
    )


def respond_to_colleague_invitation(
    *, user: User, invitation_id: int, accept: bool
) -> AffiliationInvitation:
    """The invited colleague accepts (gaining an affiliation the inviter vouches for) or declines.

    No moderator confirms it: the inviter is a representative the Commission
    already verified, and the colleague proves the invited address is theirs.
    Moderators see these affiliations in the admin and can revoke them.
    """
    with answering(
        AffiliationInvitation.objects.all(),
        invitation_id,
        accept=accept,
        statuses=InvitationStatus,
        may_answer=lambda invitation: (
            has_verified_email(user) and user.email.lower() == invitation.email
        ),
        refusal=_("This invitation was sent to another e-mail address."),
    ) as invitation:
        if accept:
            invitation.affiliation = _vouched_affiliation(user, invitation)
        invitation.save(update_fields=["status", "responded_at", "affiliation"])
    return invitation


def _vouched_affiliation(user: User, invitation: AffiliationInvitation) -> Affiliation:
    if Affiliation.objects.filter(
        user=user, region=invitation.region, status__in=OPEN_AFFILIATION
    ).exists():
        raise duplicate(_("You already represent this region or asked to."))
    return Affiliation.objects.create(
        user=user,
        region=invitation.region,
        role_title=_("Colleague invited by %(name)s") % {"name": invitation.invited_by},
        official_email=invitation.email,
        justification=_("Invited by a verified representative of the region."),
        status=AffiliationStatus.VERIFIED,
        decided_by=invitation.invited_by,
        decided_at=timezone.now(),
    )


def revoke_affiliation(*, affiliation_id: int, moderator: User, reason: str) -> Affiliation:
    """A moderator withdraws a verified affiliation (for example one vouched for by a colleague)."""
    if not is_moderator(moderator):
        raise PermissionDenied(NOT_A_MODERATOR)
    require_reason(reason, _("Give a reason the user will see."))
    with transaction.atomic():
        affiliation = Affiliation.objects.select_for_update().get(pk=affiliation_id)
        if affiliation.status != AffiliationStatus.VERIFIED:
            raise ValidationError(_("Only a verified affiliation can be revoked."))
        record_decision(
            affiliation, status=AffiliationStatus.REJECTED, user=moderator, reason=reason
        )
        affiliation.save(update_fields=DECISION_FIELDS)
    return affiliation


CLUSTER_PROFILE_FIELDS = (
    "name",
    "acronym",
    "website",
    "description",
    "management_fte",
    *MEMBER_COUNT_FIELDS,
)


def _check_profile_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - set(CLUSTER_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not a cluster profile field: {', '.join(sorted(unknown))}")


# Path segments of /clusters/ that a profile's slug must not shadow.
RESERVED_CLUSTER_SLUGS = {"new"}


def create_cluster_profile(
    *,
    user: User,
    region: Region,
    role_title: str,
    official_email: str,
    justification: str,
    priorities: Iterable[Priority] = (),
    **profile: object,
) -> Cluster:
    """Create a cluster profile awaiting validation, and the creator's pending affiliation to it.

    Both rows are written in one transaction: a profile nobody asked to
    represent, or an affiliation to a profile that failed, never remains.
    A moderator then verifies the affiliation and validates the profile.
    """
    if not has_verified_email(user):
        raise PermissionDenied(_("Verify your e-mail address before creating a cluster profile."))
    _check_profile_fields(profile)
    cluster = Cluster(region=region, status=ClusterStatus.PENDING, **profile)
    cluster.name = cluster.name.strip()
    cluster.slug = unique_slug(
        Cluster, cluster.name, fallback="cluster", reserved=RESERVED_CLUSTER_SLUGS
    )
    cluster.full_clean(exclude=["priorities"], validate_constraints=False)
    with transaction.atomic():
        cluster.save()
        cluster.priorities.set(priorities)
        notify(
            recipients=moderators(),
            kind=Kind.MODERATION_WAITING,
            message=_("The profile of %(cluster)s awaits validation.") % {"cluster": cluster},
            url=reverse("admin:regions_cluster_change", args=[cluster.pk]),
            subject=cluster,
            dedupe_key=f"cluster-created-{cluster.pk}",
            actor=user,
        )
        request_affiliation(
            user=user,
            cluster=cluster,
            role_title=role_title,
            official_email=official_email,
            justification=justification,
        )
    return cluster


def update_cluster_profile(
    *, user: User, cluster: Cluster, priorities: Iterable[Priority] | None = None, **fields: object
) -> Cluster:
    """Edit a profile, for its verified representatives or a moderator.

    An edit keeps the profile's status: a published profile stays published
    (moderators review changes in the admin's history), a pending one stays
    in the validation queue.
    """
    if not can_edit_cluster(user, cluster):
        raise PermissionDenied(_("Only the cluster's representatives may edit its profile."))
    _check_profile_fields(fields)
    with transaction.atomic():
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        for name, value in fields.items():
            setattr(cluster, name, value.strip() if isinstance(value, str) else value)
        cluster.full_clean(exclude=["priorities"], validate_constraints=False)
        cluster.save()
        if priorities is not None:
            cluster.priorities.set(priorities)
    return cluster


def end_affiliations_of_deleted_account(
    sender: object, *, user: User, old_emails: Iterable[str] = (), **kwargs: Any
) -> None:
    """The person is gone: they represent nobody, and their official address is erased.

    The affiliation rows stay (decisions of moderators refer to them), ended
    as rejected; the address is also blanked in their history records and
    in colleague invitations sent to any of their old addresses.
    """
    placeholder = user.email
    Affiliation.objects.filter(user=user, status__in=OPEN_AFFILIATION).update(
        status=AffiliationStatus.REJECTED,
        decided_at=timezone.now(),
        decision_reason="Account closed by its owner.",
    )
    Affiliation.objects.filter(user=user).update(official_email=placeholder, justification="")
    Affiliation.history.filter(user_id=user.pk).update(official_email=placeholder, justification="")
    for email in old_emails:
        AffiliationInvitation.objects.filter(email__iexact=email).update(email=placeholder)
