"""An invitee's answer to an invitation: a region's to co-lead an area, a colleague's to
represent a region.

An invitation is pending until its invitee accepts or declines it, once; the
answer and its time are recorded on it. Only the models, who may answer and
what accepting brings differ: each app's service answers within `answering`,
and its accept and decline pages (`core.actions.answer_views`) are
`answer_page`, so the kinds cannot drift apart.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet, TextChoices
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .actions import perform_action
from .workflow import locked_awaiting

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T", bound=Model)


@contextmanager
def answering(
    queryset: QuerySet[T],
    pk: int,
    *,
    accept: bool,
    statuses: type[TextChoices],
    may_answer: Callable[[T], bool],
    refusal: "StrOrPromise",
) -> Iterator[T]:
    """Invitation `pk` of `queryset`, locked in a transaction while its invitee answers.

    Refused (403, `refusal`) unless `may_answer(invitation)`, then unless it is
    still pending. Its status (one of `statuses`, the app's choices with
    PENDING, ACCEPTED and DECLINED) and the time of the answer are set; the
    `with` block records the rest, does what accepting brings and saves it.
    """
    with locked_awaiting(
        queryset,
        pk,
        awaiting=statuses["PENDING"],
        wrong_status=_("This invitation was already answered."),
        allowed=may_answer,
        refusal=refusal,
    ) as invitation:
        # Any: each model declares its own `status` and `responded_at` fields.
        answered: Any = invitation
        answered.status = statuses["ACCEPTED" if accept else "DECLINED"]
        answered.responded_at = timezone.now()
        yield invitation


def answer_page(
    request: HttpRequest,
    *,
    accept: bool,
    answer: Callable[[], object],
    names: Mapping[str, object],
    accepted: "StrOrPromise",
    declined: "StrOrPromise",
    title: "StrOrPromise",
    back_url: str | Model,
    details: Sequence[tuple["StrOrPromise", object]],
) -> HttpResponse:
    """The page where the invitee accepts or declines an invitation: a button that calls
    `answer()`, the app's service.

    The sentences are formatted with `names`: `accepted` or `declined` says what was done,
    and `title` names the answer as `verb` too.
    """
    verb = _("Accept") if accept else _("Decline")
    done = accepted if accept else declined
    return perform_action(
        request,
        service=lambda data: answer(),
        done=lambda answered: done % names,
        back_url=back_url,
        title=title % {"verb": verb, **names},
        details=details,
        submit_label=verb,
    )
