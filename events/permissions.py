"""Who may see, organise and register for events: one definition for pages, API and admin.

An area's events are organised by its lead regions, a partnership's by its
coordinator cluster and the area's leads (those who run it), the
platform's by the Commission. Who may register is written once, as the
users an event admits (`admitted_users`): the predicate is "the user is
among them", and an invitation's notification goes to exactly them.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from core.moderators import is_moderator
from partnerships.models import Partnership, PartnershipMembership
from partnerships.permissions import (
    deciding_representatives,
    partnerships_run_by,
    visible_partnerships,
)
from regions.choices import AffiliationStatus
from regions.permissions import representatives_of
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaMembership, ThematicArea
from thematic_areas.permissions import (
    lead_representatives,
    led_areas,
    visible_areas,
)

from .choices import Audience, RegistrationStatus
from .models import Event, EventDocument, Meeting


def visible_events(user: User | AnonymousUser) -> QuerySet[Event]:
    """The platform's events, and those of the areas and partnerships the user may see;
    events a moderator hid only for moderators."""
    if is_moderator(user):
        return Event.objects.all()
    return Event.objects.listed().filter(Q(area__isnull=True) | Q(area__in=visible_areas(user)))


def organisable_areas(user: User | AnonymousUser) -> QuerySet[ThematicArea]:
    """Active areas whose events the user may organise: those their regions lead."""
    active = ThematicArea.objects.filter(status=AreaStatus.ACTIVE)
    if is_moderator(user):
        return active
    return active.filter(pk__in=list(led_areas(user)))


def organisable_partnerships(user: User | AnonymousUser) -> QuerySet[Partnership]:
    """Partnerships of active areas that the user runs (coordinator or area lead)."""
    active = visible_partnerships(user).filter(area__status=AreaStatus.ACTIVE)
    if is_moderator(user):
        return active
    return active.filter(pk__in=partnerships_run_by(user))


def can_organise(
    user: User | AnonymousUser,
    *,
    area: ThematicArea | None = None,
    partnership: Partnership | None = None,
) -> bool:
    """Whether the user may create an event of `partnership`, else of `area`, else of the
    platform (moderators only)."""
    if partnership is not None:
        return organisable_partnerships(user).filter(pk=partnership.pk).exists()
    if area is not None:
        return organisable_areas(user).filter(pk=area.pk).exists()
    return is_moderator(user)


def managed_events(user: User | AnonymousUser) -> QuerySet[Event]:
    """The events the user organises: they edit and cancel them, see and export their
    participants and mark attendance. Moderators manage all; the platform's are theirs."""
    if is_moderator(user):
        return Event.objects.all()
    if not user.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(
        Q(partnership__in=partnerships_run_by(user))
        | Q(partnership__isnull=True, area__in=list(led_areas(user)))
    )


def can_manage_event(user: User | AnonymousUser, event: Event) -> bool:
    return managed_events(user).filter(pk=event.pk).exists()


def admitted_users(event: Event) -> QuerySet[User]:
    """The users who may register for the event, by its audience."""
    if event.audience == Audience.MEMBERS:
        return User.objects.filter(is_active=True)
    if event.audience == Audience.INVITATION:
        if event.partnership is not None:
            return deciding_representatives(event.partnership)
        if event.area is not None:
            return lead_representatives(event.area)
        # The platform's steering committee: the leads of every active area.
        leads = AreaMembership.objects.leads().filter(area__status=AreaStatus.ACTIVE)
        return representatives_of(regions=leads.values("region"))
    if event.partnership is not None:
        members = event.partnership.memberships.current().values("cluster")
        return representatives_of(clusters=members) | lead_representatives(event.partnership.area)
    if event.area is not None:
        clusters = PartnershipMembership.objects.current().filter(partnership__area=event.area)
        return representatives_of(
            regions=event.area.memberships.current().values("region"),
            clusters=clusters.values("cluster"),
        )
    # Of the platform: anyone who represents a region or a cluster.
    return User.objects.filter(
        is_active=True, affiliations__status=AffiliationStatus.VERIFIED
    ).distinct()


def may_register(user: User | AnonymousUser, event: Event) -> bool:
    """Whether the event admits the user (the window and places are the service's to check).

    Moderators and organisers are always admitted.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if event.audience == Audience.MEMBERS or can_manage_event(user, event):
        return True
    return admitted_users(event).filter(pk=user.pk).exists()


def events_with_online_link(user: User | AnonymousUser) -> QuerySet[Event]:
    """The events whose online link the user sees: as a registered participant (not
    waiting) or as an organiser."""
    if not user.is_authenticated:
        return Event.objects.none()
    registered = Event.objects.filter(
        registrations__user=user, registrations__status=RegistrationStatus.CONFIRMED
    )
    return registered | managed_events(user)


def can_see_online_link(user: User | AnonymousUser, event: Event) -> bool:
    return events_with_online_link(user).filter(pk=event.pk).exists()


def visible_documents(user: User | AnonymousUser, event: Event) -> QuerySet[EventDocument]:
    """Public documents for whoever sees the event; members-only ones for those the event
    admits and its organisers."""
    if may_register(user, event):
        return event.documents.all()
    return event.documents.public()


def can_meet(user: User | AnonymousUser, event: Event) -> bool:
    """Registered participants (not waiting) of a matchmaking event ask each other for
    bilateral meetings and see each other's profiles."""
    if not event.has_meetings or not user.is_authenticated or event.is_cancelled:
        return False
    return event.registrations.confirmed().filter(user=user).exists()


def can_see_participants(user: User | AnonymousUser, event: Event) -> bool:
    """The participants' profiles: for the participants themselves and the organisers."""
    return event.has_meetings and (can_meet(user, event) or can_manage_event(user, event))


def visible_meetings(user: User | AnonymousUser, event: Event) -> QuerySet[Meeting]:
    """A participant's own meetings; all of them for the organisers."""
    if can_manage_event(user, event):
        return event.meetings.all()
    if not user.is_authenticated:
        return Meeting.objects.none()
    return event.meetings.filter(Q(requester=user) | Q(invitee=user))
