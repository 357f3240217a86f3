"""How members join and leave a group: regions and areas, clusters and partnerships.

Both kinds follow one rule (ask to join with a statement, leave at any
time, the history keeps the period); only the names, the services and the
sentences differ. Each app declares its kind once with a `MembershipKind`;
the join and leave pages, the forms on the group's page and the admin's
"end memberships" action are built from it, so they cannot drift apart.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .actions import form_data, perform_action
from .workflow import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import _User
    from django_stubs_ext import StrOrPromise


class MemberChoiceForm(forms.Form):
    """A form acting for one of the user's members (regions, clusters), given as `members`.

    Subclasses declare the choice field under the membership's member field
    name; its queryset is set here.
    """

    member_field: ClassVar[str]

    def __init__(self, *args: Any, members: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields[self.member_field])
        field.queryset = members
        # A user acts for a few organisations: list them once, for the
        # options and to preselect the only one, the usual case.
        options = [(member.pk, field.label_from_instance(member)) for member in members]
        if len(options) == 1:
            self.initial.setdefault(self.member_field, options[0][0])
        else:
            options.insert(0, ("", _("Choose one")))
        field.choices = options


@dataclass(frozen=True)
class MembershipKind:
    """One kind of membership: its model, who may act for whom, its services and sentences.

    `visible(user)` is the queryset of groups the user may see (others are
    404); `represented(user)` the members the user acts for. The services
    take `user`, the group and the member under their field names (and
    `statement` for joining) and raise ValidationError when they refuse. The
    sentences are formatted with the group and the member under their field
    names, so each kind keeps its own words.
    """

    membership: type[Membership]
    visible: Callable[["_User | AnonymousUser"], QuerySet[Any]]
    represented: Callable[["_User | AnonymousUser"], QuerySet[Any]]
    join_form: type[MemberChoiceForm]
    leave_form: type[MemberChoiceForm]
    request_to_join: Callable[..., Model]
    leave: Callable[..., Membership]
    join_title: "StrOrPromise"
    join_sent: "StrOrPromise"
    not_a_representative: "StrOrPromise"
    leave_title: "StrOrPromise"
    leave_intro: "StrOrPromise"
    leave_label: "StrOrPromise"
    left: "StrOrPromise"
    not_a_member: "StrOrPromise"

    def names(self, target: Model, member: Model | None = None) -> Mapping[str, Model | None]:
        return {self.membership.target_field: target, self.membership.member_field: member}

    def current_members(self, target: Any) -> QuerySet[Any]:
        return target.memberships.current().values(self.membership.member_field)

    def joinable(self, user: "_User | AnonymousUser", target: Any) -> QuerySet[Any]:
        """The user's members that are not (currently) members of `target`."""
        return self.represented(user).exclude(pk__in=self.current_members(target))

    def leavable(self, user: "_User | AnonymousUser", target: Any) -> QuerySet[Any]:
        """The user's members that are members of `target`."""
        return self.represented(user).filter(pk__in=self.current_members(target))

    def leave_member(self, user: "_User | AnonymousUser", target: Any, member: Any) -> Membership:
        """Call the kind's leave service for `member` of `target`."""
        return self.leave(
            user=user,
            **{self.membership.target_field: target, self.membership.member_field: member},
        )


MemberView = Callable[[HttpRequest, str], HttpResponse]


def membership_views(kind: MembershipKind) -> tuple[MemberView, MemberView]:
    """The join and leave pages of `kind`, each `view(request, slug)`."""

    @login_required
    def join(request: HttpRequest, slug: str) -> HttpResponse:
        target = get_object_or_404(kind.visible(request.user), slug=slug)
        if not kind.represented(request.user).exists():
            raise PermissionDenied(kind.not_a_representative)
        return perform_action(
            request,
            form=kind.join_form(form_data(request), members=kind.joinable(request.user, target)),
            service=lambda data: kind.request_to_join(
                user=request.user, **{kind.membership.target_field: target}, **data
            ),
            done=lambda join_request: (
                kind.join_sent
                % kind.names(target, getattr(join_request, kind.membership.member_field))
            ),
            back_url=target.get_absolute_url(),
            title=kind.join_title % kind.names(target),
            submit_label=_("Send the request"),
        )

    @login_required
    def leave(request: HttpRequest, slug: str) -> HttpResponse:
        target = get_object_or_404(kind.visible(request.user), slug=slug)
        members = kind.leavable(request.user, target)
        if not members.exists():
            raise PermissionDenied(kind.not_a_member)
        member_field = kind.membership.member_field
        return perform_action(
            request,
            form=kind.leave_form(form_data(request), members=members),
            service=lambda data: kind.leave_member(request.user, target, data[member_field]),
            done=lambda membership: kind.left % kind.names(target, membership.member),
            back_url=target.get_absolute_url(),
            title=kind.leave_title % kind.names(target),
            intro=kind.leave_intro,
            submit_label=kind.leave_label,
        )

    return join, leave
