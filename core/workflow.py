"""The request workflow shared by area and partnership join requests, and their memberships.

pending -> approved | rejected | withdrawn. A decided request never changes
again. Each concrete request model adds its applicant and target and a
partial unique constraint on (applicant, target) while pending. An approved
request makes the applicant a member of the target (`Membership`).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar, cast

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .model_tools import check_constraint, optional_link, unique_constraint
from .moderators import NOT_A_MODERATOR, is_moderator
from .text import is_blank

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# The code of a refusal because what was asked for exists already (the API answers 409).
DUPLICATE = "duplicate"


def duplicate(message: "StrOrPromise", field: str | None = None) -> ValidationError:
    """The refusal of what exists already: a pending request, a member, an invitation."""
    error = ValidationError(message, code=DUPLICATE)
    return ValidationError({field: error}) if field else error


def one_pending_per(*fields: str, name: str = "pair") -> models.UniqueConstraint:
    """At most one pending row (a request, an invitation) for each value of `fields`."""
    return unique_constraint(
        *fields, name=f"one_pending_per_{name}", condition=models.Q(status="pending")
    )


def one_current_per_pair(target: str, member: str) -> models.UniqueConstraint:
    """At most one current membership per (target, member); past ones are kept."""
    return unique_constraint(
        target, member, name="one_current_per_pair", condition=models.Q(left_at__isnull=True)
    )


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """Abstract base: who asked, why, and who decided it, when and why."""

    statement = models.TextField(
        _("statement of commitment"),
        help_text=_("What your organisation will bring and commit to."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = optional_link(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            check_constraint(
                models.Q(status=RequestStatus.PENDING, decided_at__isnull=True)
                | (~models.Q(status=RequestStatus.PENDING) & models.Q(decided_at__isnull=False)),
                name="decided_when_not_pending",
            ),
        ]

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


# What `record_decision` writes, for a `save(update_fields=DECISION_FIELDS)`.
DECISION_FIELDS = ["status", "decided_by", "decided_at", "decision_reason"]


def require_reason(reason: str, missing: "StrOrPromise") -> None:
    """Refuse, on the form's `reason` field, a decision whose reason shows nothing: the
    people it concerns are told why (`missing` says what they must be told)."""
    if is_blank(reason):
        raise ValidationError({"reason": missing})


def record_decision(decided: Any, *, status: str, user: AbstractUser, reason: str = "") -> None:
    """Note on `decided` (a request, a proposal, an affiliation, an expression of interest…)
    its new `status`, who decided it, now, and why; the caller saves it."""
    decided.status = status
    decided.decided_by = user
    decided.decided_at = timezone.now()
    decided.decision_reason = reason.strip()


T = TypeVar("T", bound=models.Model)


def locked_for_change(
    queryset: models.QuerySet[T],
    pk: int,
    *,
    allowed: Callable[[T], bool] | None,
    refusal: "StrOrPromise",
    still_open: Callable[[T], bool],
    closed: "StrOrPromise",
) -> T:
    """Row `pk` of `queryset` read again and locked, inside the caller's transaction:
    refused (403, `refusal`) unless `allowed(row)`, whatever its state; then it must be
    `still_open(row)`, else ValidationError(`closed`).

    Both are checked on the locked row, so that a change made meanwhile (a row moved on,
    a posting closed, an event cancelled, a representative removed) is seen, and two users
    changing the same row at once serialise.
    """
    row = queryset.select_for_update().get(pk=pk)
    if allowed is not None and not allowed(row):
        raise PermissionDenied(refusal)
    if not still_open(row):
        raise ValidationError(closed)
    return row


@contextmanager
def locked_awaiting(
    queryset: models.QuerySet[T],
    pk: int,
    *,
    awaiting: str,
    wrong_status: "StrOrPromise",
    allowed: Callable[[T], bool] | None = None,
    refusal: "StrOrPromise" = "",
) -> Iterator[T]:
    """`locked_for_change` in a transaction, for a change of status inside the `with` block:
    the row must still be `awaiting`, else ValidationError(`wrong_status`); the second of two
    users moving it at once finds it moved, so its notifications and side effects happen once.
    """
    with transaction.atomic():
        yield locked_for_change(
            queryset,
            pk,
            allowed=allowed,
            refusal=refusal,
            # Any: each model declares its own `status` field.
            still_open=lambda row: cast(Any, row).status == awaiting,
            closed=wrong_status,
        )


@contextmanager
def moderator_deciding(
    queryset: models.QuerySet[T],
    pk: int,
    *,
    moderator: AbstractUser,
    awaiting: str,
    already_decided: "StrOrPromise",
) -> Iterator[T]:
    """`locked_awaiting` for a moderator's decision: anyone else is refused (403) before
    the row is even read."""
    if not is_moderator(moderator):
        raise PermissionDenied(NOT_A_MODERATOR)
    with locked_awaiting(queryset, pk, awaiting=awaiting, wrong_status=already_decided) as row:
        yield row


R = TypeVar("R", bound=JoinRequest)


def decide_request(
    queryset: models.QuerySet[R],
    pk: int,
    *,
    user: AbstractUser,
    status: str,
    reason: str = "",
    on_approve: Callable[[R], object] | None = None,
) -> R:
    """Move a pending request to `status` exactly once.

    The row lock makes two deciders clicking at once serialise: the second
    finds the request already decided and gets a ValidationError, so
    `on_approve` (which creates the membership) runs once.
    """
    if status == RequestStatus.REJECTED:
        require_reason(reason, _("Give a reason for the rejection."))
    with transaction.atomic():
        request = queryset.select_for_update().get(pk=pk)
        if not request.is_pending:
            raise ValidationError(
                _("This request was already %(status)s.")
                % {"status": request.get_status_display().lower()}
            )
        record_decision(request, status=status, user=user, reason=reason)
        request.save(update_fields=DECISION_FIELDS)
        if status == RequestStatus.APPROVED and on_approve is not None:
            on_approve(request)
    return request


class MembershipQuerySet(models.QuerySet):
    def current(self) -> Self:
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    """Abstract base: a member's period in a group, who approved it, and its history.

    Rows are kept after the member leaves (`left_at`), so the history shows
    who took part when. Each concrete membership adds its target (an area, a
    partnership) and member (a region, a cluster), named by `target_field`
    and `member_field`; a `role` field whose `leading_role` runs the group
    (an area's lead, a partnership's coordinator); the `already_a_member`
    refusal, formatted with the member under its field's name; and a partial
    unique constraint: one current membership per (target, member).
    """

    target_field: ClassVar[str]
    member_field: ClassVar[str]
    leading_role: ClassVar[str]
    already_a_member: ClassVar["StrOrPromise"]
    # Declared by each concrete membership, with its own choices.
    role: str
    get_role_display: Callable[[], str]

    # Null when the member is recorded from a source that gives no date: an
    # unknown date is shown as unknown, never as the day the record was made.
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    approved_by = optional_link(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("approved by")
    )
    history = HistoricalRecords(inherit=True)
    # Each concrete membership sets its own, a subclass of MembershipQuerySet.
    objects = MembershipQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            check_constraint(
                models.Q(left_at__isnull=True) | models.Q(left_at__gte=models.F("joined_at")),
                name="leaves_after_joining",
            ),
        ]

    @property
    def target(self) -> Any:
        return getattr(self, self.target_field)

    @property
    def member(self) -> Any:
        return getattr(self, self.member_field)

    @property
    def is_leading(self) -> bool:
        return self.role == self.leading_role

    def end(self) -> None:
        """The member leaves; the row stays as history."""
        self.left_at = timezone.now()
        self.save(update_fields=["left_at"])


M = TypeVar("M", bound=Membership)


def _already_a_member(model: type[Membership], member: models.Model) -> ValidationError:
    return duplicate(model.already_a_member % {model.member_field: member})


def check_not_member(model: type[Membership], target: models.Model, member: models.Model) -> None:
    """Raise the model's `already_a_member` refusal if `member` currently belongs to `target`."""
    pair = {model.target_field: target, model.member_field: member}
    if model.objects.current().filter(**pair).exists():
        raise _already_a_member(model, member)


def create_membership(
    model: type[M], target: models.Model, member: models.Model, **fields: Any
) -> M:
    """Make `member` a current member of `target`, or refuse as `check_not_member` does.

    A membership created since the check (a request approved at the same
    moment) is caught by the one-current-per-pair constraint, and refused
    in the same words.
    """
    check_not_member(model, target, member)
    membership = model(**{model.target_field: target, model.member_field: member}, **fields)
    try:
        with transaction.atomic():
            membership.save(force_insert=True)
    except IntegrityError:
        raise _already_a_member(model, member) from None
    return membership


def admit(model: type[M], join_request: JoinRequest, *, role: str, approved_by: AbstractUser) -> M:
    """Make the applicant of an approved request a member of its target, as `role`.

    The applicant may have joined since it asked (say, as an invited
    co-lead): `create_membership` refuses it then, which rolls the decision
    back with it.
    """
    target = getattr(join_request, model.target_field)
    applicant = getattr(join_request, model.member_field)
    return create_membership(model, target, applicant, role=role, approved_by=approved_by)


def add_member(
    model: type[M],
    target: models.Model,
    member: models.Model,
    *,
    user: AbstractUser,
    role: str,
    check: Callable[[Any, Any], None],
) -> M:
    """A moderator makes `member` a member of `target` (in the admin), as `role`.

    `check(target, member)` raises a ValidationError when the member may not
    join: the app's own checks of a request to join. Call it in a
    transaction: the target's row is locked, so that its status cannot
    change between the check and the new membership.
    """
    if not is_moderator(user):
        raise PermissionDenied(NOT_A_MODERATOR)
    target = type(target)._default_manager.select_for_update().get(pk=target.pk)
    check(target, member)
    return create_membership(model, target, member, role=role, approved_by=user)
