"""Who may post, see and answer cooperation postings, and read which conversations.

A user acts for the regions and clusters they represent (a verified
affiliation): they post for one of them, change and close the postings of
any of them, express interest for one of them, and answer the expressions
of interest in their postings. A conversation is read by the
representatives of its two organisations and by the moderators, nobody else.
A discussion board (of a thematic area or a partnership) is read and written
by its members and the moderators: the rule is `BOARD_SEATS`, asked in both
directions (`board_members`: who, for a board; `readable_topics`: which, for a user).
Each rule fetches the user's few organisation ids first (`Mine`), so the
querysets stay on indexed keys.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from accounts.models import User
from core.moderators import is_moderator
from partnerships.models import Partnership, PartnershipMembership
from regions.models import Cluster, Region
from regions.permissions import representatives_of, represented_organisations
from thematic_areas.models import AreaMembership, ThematicArea

from .models import BoardPost, BoardTopic, Conversation, Interest, Message, Posting, board_kind

Board = ThematicArea | Partnership


@dataclass(frozen=True)
class Mine:
    """The ids of the regions and clusters a user represents."""

    regions: frozenset[int]
    clusters: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.regions or self.clusters)

    def holds(self, organisation: Region | Cluster) -> bool:
        ids = self.clusters if isinstance(organisation, Cluster) else self.regions
        return organisation.pk in ids

    def q(self, prefix: str = "") -> Q:
        """Rows whose `<prefix>region` or `<prefix>cluster` is one of these."""
        return Q(**{f"{prefix}region__in": self.regions}) | Q(
            **{f"{prefix}cluster__in": self.clusters}
        )


def mine(user: User | AnonymousUser) -> Mine:
    """One query: the organisations the user represents."""
    pairs = represented_organisations(user)
    return Mine(
        regions=frozenset(region for region, _cluster in pairs if region),
        clusters=frozenset(cluster for _region, cluster in pairs if cluster),
    )


def can_post(user: User | AnonymousUser) -> bool:
    """Any verified representative of a region or a cluster posts for it."""
    return user.is_authenticated and user.is_active and bool(mine(user))


def visible_postings(user: User | AnonymousUser) -> QuerySet[Posting]:
    """Every posting a moderator has not hidden; hidden ones for moderators and the
    representatives of the posting organisation."""
    if is_moderator(user):
        return Posting.objects.all()
    own = mine(user)
    if not own:
        return Posting.objects.listed()
    return Posting.objects.filter(Q(is_hidden=False) | own.q())


def editable_postings(user: User | AnonymousUser) -> QuerySet[Posting]:
    """The postings of the organisations the user represents: they edit and close them and
    answer the expressions of interest."""
    own = mine(user)
    if not own or not user.is_active:
        return Posting.objects.none()
    return Posting.objects.filter(own.q())


def can_edit_posting(user: User | AnonymousUser, posting: Posting) -> bool:
    return user.is_authenticated and user.is_active and mine(user).holds(posting.organisation)


def visible_interests(user: User | AnonymousUser) -> QuerySet[Interest]:
    """Expressions of interest made for the user's organisations, or in their postings;
    moderators see all."""
    if is_moderator(user):
        return Interest.objects.all()
    own = mine(user)
    if not own:
        return Interest.objects.none()
    return Interest.objects.filter(own.q() | own.q("posting__"))


def can_answer_interest(user: User | AnonymousUser, interest: Interest) -> bool:
    """The posting organisation's representatives accept or decline."""
    return can_edit_posting(user, interest.posting)


def can_withdraw_interest(user: User | AnonymousUser, interest: Interest) -> bool:
    """The interested organisation's representatives withdraw it."""
    return user.is_authenticated and mine(user).holds(interest.organisation)


def my_conversations(user: User | AnonymousUser) -> QuerySet[Conversation]:
    """The conversations of the organisations the user represents (moderators: none of their
    own; they read any through `readable_conversations`)."""
    own = mine(user)
    if not own or not user.is_active:
        return Conversation.objects.none()
    return Conversation.objects.filter(own.q("first_") | own.q("second_"))


def readable_conversations(user: User | AnonymousUser) -> QuerySet[Conversation]:
    if is_moderator(user):
        return Conversation.objects.all()
    return my_conversations(user)


def can_write_in(user: User | AnonymousUser, conversation: Conversation) -> bool:
    """Only the two organisations' representatives write; moderators read."""
    own = mine(user)
    return user.is_active and (own.holds(conversation.first) or own.holds(conversation.second))


def visible_messages(user: User | AnonymousUser) -> QuerySet[Message]:
    """The messages the user may read, and so report: those of their conversations that a
    moderator has not hidden."""
    if is_moderator(user):
        return Message.objects.all()
    return Message.objects.listed().filter(conversation__in=my_conversations(user))


@dataclass(frozen=True)
class Seat:
    """Current memberships that give their region or cluster (`member`) a seat on a board,
    which `board` (a lookup from the membership) names by id."""

    memberships: Callable[[], QuerySet[Model]]
    board: str
    member: str


# The members of a board, by the kind of board (the BoardTopic field naming it):
# an area's board seats its current member regions and the clusters of its
# partnerships; a partnership's board its current member clusters and its
# area's lead regions.
BOARD_SEATS: dict[str, tuple[Seat, ...]] = {
    "area": (
        Seat(lambda: AreaMembership.objects.current(), "area", "region"),
        Seat(lambda: PartnershipMembership.objects.current(), "partnership__area", "cluster"),
    ),
    "partnership": (
        Seat(lambda: AreaMembership.objects.leads(), "area__partnerships", "region"),
        Seat(lambda: PartnershipMembership.objects.current(), "partnership", "cluster"),
    ),
}


def board_members(board: Board) -> QuerySet[User]:
    """The active representatives of the board's member regions and clusters: they read
    and write on it, and hear of its new posts."""
    # Each kind of board has one seat for regions and one for clusters.
    held = {
        seat.member: seat.memberships().filter(**{seat.board: board.pk}).values(seat.member)
        for seat in BOARD_SEATS[board_kind(board)]
    }
    return representatives_of(regions=held["region"], clusters=held["cluster"])


def can_use_board(user: User | AnonymousUser, board: Board) -> bool:
    """Its members and the moderators read a board and post on it."""
    if is_moderator(user):
        return True
    return user.is_authenticated and board_members(board).filter(pk=user.pk).exists()


def boards_of(user: User | AnonymousUser) -> dict[str, set[int]]:
    """The ids of the areas and of the partnerships (by kind of board) on whose board the
    user has a seat."""
    boards: dict[str, set[int]] = {kind: set() for kind in BOARD_SEATS}
    if not user.is_active:
        return boards
    own = mine(user)
    for kind, seats in BOARD_SEATS.items():
        for seat in seats:
            organisations = own.regions if seat.member == "region" else own.clusters
            if organisations:
                held = seat.memberships().filter(**{f"{seat.member}__in": organisations})
                boards[kind].update(held.values_list(seat.board, flat=True))
    return boards


def readable_topics(user: User | AnonymousUser) -> QuerySet[BoardTopic]:
    """The topics of the boards the user has a seat on; moderators read all."""
    if is_moderator(user):
        return BoardTopic.objects.all()
    boards = boards_of(user)
    return BoardTopic.objects.filter(
        Q(area__in=boards["area"]) | Q(partnership__in=boards["partnership"])
    )


def visible_posts(user: User | AnonymousUser) -> QuerySet[BoardPost]:
    """The board posts the user may read, and so report: those a moderator has not hidden."""
    if is_moderator(user):
        return BoardPost.objects.all()
    return BoardPost.objects.listed().filter(topic__in=readable_topics(user))
