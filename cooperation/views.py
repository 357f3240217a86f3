"""Cooperation pages: thin views over `services.py`, `permissions.py` and `matching.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import (
    ConfirmForm,
    answer_views,
    edit_page,
    form_data,
    guarded,
    model_values,
    perform_action,
    run_service,
    save_form_page,
)
from core.cache import cache_for_visitors
from core.listing import Listing, render_list
from notifications.choices import Kind
from notifications.services import unread_about
from partnerships.permissions import visible_partnerships
from regions.models import Region
from regions.permissions import represented_clusters, represented_regions, visible_clusters
from thematic_areas.permissions import visible_areas

from . import matching, mentions, permissions, services
from .filters import PostingFilter
from .forms import (
    DeclineForm,
    InterestForm,
    MessageForm,
    NewConversationForm,
    NewPostingForm,
    PostForm,
    PostingForm,
    TopicForm,
)
from .models import Conversation

PER_PAGE = 25
POSTING_RELATED = ("region", "cluster", "area", "project")

POSTING_LISTING = Listing(
    filterset_class=PostingFilter,
    template="cooperation/posting_list.html",
    fragment_template="cooperation/_posting_listing.html",
    csv_filename="cooperation-postings.csv",
    columns=[
        (gettext_lazy("Slug"), lambda p: p.slug),
        (gettext_lazy("Title"), lambda p: p.title),
        (gettext_lazy("Offer or request"), lambda p: p.direction),
        (gettext_lazy("What"), lambda p: p.kind),
        (gettext_lazy("Region"), lambda p: p.region.code if p.region else ""),
        (gettext_lazy("Cluster"), lambda p: p.cluster.slug if p.cluster else ""),
        (gettext_lazy("Thematic area"), lambda p: p.area.slug if p.area else ""),
        (gettext_lazy("Investment project"), lambda p: p.project.slug if p.project else ""),
        (gettext_lazy("Kinds of partner wanted"), lambda p: " ".join(p.partner_types)),
        (gettext_lazy("Countries wanted"), lambda p: " ".join(p.countries)),
        (gettext_lazy("Closing date"), lambda p: p.closes_on.isoformat()),
        (gettext_lazy("Open"), lambda p: "yes" if p.is_open() else ""),
    ],
)

# What has a discussion board, by the name its URLs give it: each among those a user may see.
VISIBLE_BOARDS = {"area": visible_areas, "partnership": visible_partnerships}


def organisations_of(user) -> list:
    """The regions and clusters the user represents, by name."""
    regions = list(represented_regions(user).order_by("name"))
    return regions + list(represented_clusters(user).order_by("name"))


@cache_for_visitors
def posting_list(request):
    postings = (
        permissions.visible_postings(request.user)
        .select_related(*POSTING_RELATED)
        .order_by("-created_at", "pk")
    )
    context = {"can_post": permissions.can_post(request.user)}
    return render_list(request, POSTING_LISTING, postings, **context)


def _visible_posting(request, slug):
    return get_object_or_404(
        permissions.visible_postings(request.user).select_related(*POSTING_RELATED), slug=slug
    )


@cache_for_visitors
def posting_detail(request, slug):
    posting = _visible_posting(request, slug)
    user = request.user
    can_edit = permissions.can_edit_posting(user, posting)
    interests = permissions.visible_interests(user).filter(posting=posting)
    context = {
        "posting": posting,
        "priorities": posting.priorities.order_by("scheme", "code"),
        "matches": matching.posting_matches(posting),
        "can_edit": can_edit,
        "may_express": posting.is_open() and not can_edit and permissions.can_post(user),
        "interests": interests.select_related("region", "cluster", "created_by", "conversation"),
    }
    return render(request, "cooperation/posting_detail.html", context)


def _must_post(user) -> list:
    organisations = organisations_of(user) if user.is_active else []
    if not organisations:
        raise PermissionDenied(
            _("Only verified representatives of a region or a cluster post offers and requests.")
        )
    return organisations


@login_required
def posting_create(request):
    return save_form_page(
        request,
        form=NewPostingForm(form_data(request), organisations=_must_post(request.user)),
        service=lambda data: services.create_posting(user=request.user, **data),
        done=lambda posting: _("“%(posting)s” is published.") % {"posting": posting},
        template="cooperation/posting_form.html",
        context={"title": _("Post an offer or a request")},
    )


_editable_posting = guarded(
    _visible_posting,
    permissions.can_edit_posting,
    gettext_lazy("Only the representatives of its organisation may do this."),
)


@login_required
def posting_edit(request, slug):
    posting = _editable_posting(request, slug)
    initial = model_values(posting, services.POSTING_FIELDS)
    initial["priorities"] = list(posting.priorities.all())
    form = PostingForm(form_data(request), initial=initial)
    return edit_page(request, posting, form, services.update_posting, _("The posting was saved."))


@login_required
def posting_close(request, slug):
    posting = _editable_posting(request, slug)
    return perform_action(
        request,
        service=lambda data: services.close_posting(user=request.user, posting=posting),
        done=lambda p: _("“%(posting)s” is closed.") % {"posting": p},
        back_url=posting,
        title=_("Close “%(posting)s”") % {"posting": posting},
        submit_label=_("Close the posting"),
        intro=_("It stays on the platform, closed; expressions of interest are no longer taken."),
    )


@login_required
def interest_create(request, slug):
    posting = _visible_posting(request, slug)
    organisations = [o for o in _must_post(request.user) if o != posting.organisation]
    if not organisations:
        raise PermissionDenied(_("This is your own organisation's posting."))
    return perform_action(
        request,
        form=InterestForm(form_data(request), organisations=organisations),
        service=lambda data: services.express_interest(user=request.user, posting=posting, **data),
        done=lambda interest: (
            _("%(organisation)s's interest is sent.") % {"organisation": interest.organisation}
        ),
        back_url=posting,
        title=_("Express interest in “%(posting)s”") % {"posting": posting},
        submit_label=_("Send"),
        intro=_(
            "The representatives of %(organisation)s read your message; if they accept, "
            "a private conversation opens between your two organisations."
        )
        % {"organisation": posting.organisation},
    )


def _interest(request, pk):
    interests = permissions.visible_interests(request.user).select_related(
        "posting", "region", "cluster", "posting__region", "posting__cluster"
    )
    return get_object_or_404(interests, pk=pk)


_answerable_interest = guarded(
    _interest,
    permissions.can_answer_interest,
    gettext_lazy("Only the posting organisation's representatives answer."),
)
_withdrawable_interest = guarded(
    _interest,
    permissions.can_withdraw_interest,
    gettext_lazy("Only the interested organisation's representatives may."),
)


def _answer_interest(request, pk, *, accept):
    interest = _answerable_interest(request, pk)
    if accept:
        form_class, service = ConfirmForm, services.accept_interest
        done = _("Accepted: a conversation with %(organisation)s is open.")
        title = _("Accept the interest of %(organisation)s")
        submit_label = _("Accept and open a conversation")
    else:
        # Declining takes the reason the interested organisation reads.
        form_class, service = DeclineForm, services.decline_interest
        done = _("The interest of %(organisation)s is declined.")
        title = _("Decline the interest of %(organisation)s")
        submit_label = _("Decline")
    return perform_action(
        request,
        form=form_class(form_data(request)),
        service=lambda data: service(user=request.user, interest=interest, **data),
        done=lambda i: done % {"organisation": i.organisation},
        back_url=interest.posting,
        title=title % {"organisation": interest.organisation},
        submit_label=submit_label,
        details=[(_("Their message"), interest.message)],
    )


interest_accept, interest_decline = answer_views(_answer_interest)


@login_required
def interest_withdraw(request, pk):
    interest = _withdrawable_interest(request, pk)
    return perform_action(
        request,
        service=lambda data: services.withdraw_interest(user=request.user, interest=interest),
        done=lambda i: _("The expression of interest is withdrawn."),
        back_url=interest.posting,
        title=_("Withdraw the interest in “%(posting)s”") % {"posting": interest.posting},
        submit_label=_("Withdraw"),
    )


@login_required
def fitting_postings(request):
    """Every open posting that fits the user's organisations: the dashboard shows 20."""
    page = Paginator(matching.fitting_postings(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "cooperation/fitting_postings.html", {"page_obj": page})


@login_required
def conversation_list(request):
    conversations = permissions.my_conversations(request.user).select_related(
        "first_region", "first_cluster", "second_region", "second_cluster", "posting"
    )
    page = Paginator(conversations, PER_PAGE).get_page(request.GET.get("page"))
    unread = unread_about(request.user, Kind.CONVERSATION_MESSAGE, Conversation)
    for conversation in page.object_list:
        conversation.unread = unread.get(conversation.pk, 0)
    return render(request, "cooperation/conversation_list.html", {"page_obj": page})


@login_required
def conversation_detail(request, pk):
    conversation = get_object_or_404(
        permissions.readable_conversations(request.user).select_related(
            "first_region", "first_cluster", "second_region", "second_cluster", "posting"
        ),
        pk=pk,
    )
    can_write = permissions.can_write_in(request.user, conversation)
    form = MessageForm(form_data(request))
    if can_write:
        sent = run_service(
            form,
            lambda data: services.post_message(
                user=request.user, conversation=conversation, **data
            ),
        )
        if sent:
            return redirect(sent)
        services.mark_conversation_read(user=request.user, conversation=conversation)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the two organisations' representatives write here."))
    context = {
        "conversation": conversation,
        "messages_list": conversation.messages.select_related("author"),
        "form": form,
        "can_write": can_write,
    }
    return render(request, "cooperation/conversation_detail.html", context)


def _other_organisation(request, kind, key):
    if kind == "region":
        return get_object_or_404(Region, code=key.upper())
    if kind == "cluster":
        return get_object_or_404(visible_clusters(request.user), slug=key)
    raise Http404


@login_required
def conversation_start(request, kind, key):
    """From a region's or a cluster's page: write to its representatives."""
    other = _other_organisation(request, kind, key)
    organisations = [o for o in _must_post(request.user) if o != other]
    if not organisations:
        raise PermissionDenied(_("Choose another organisation than your own."))
    form = NewConversationForm(form_data(request), organisations=organisations)
    conversation = run_service(
        form,
        lambda data: services.start_conversation(user=request.user, other=other, **data),
    )
    if conversation:
        messages.success(request, _("Your message is sent."))
        return redirect(conversation)
    context = {
        "form": form,
        "other": other,
        "title": _("Write to %(organisation)s") % {"organisation": other},
    }
    return render(request, "cooperation/conversation_form.html", context)


@login_required
def board_detail(request, kind, slug):
    """An area's or a partnership's board: its topics, latest activity first, and a new one."""
    if kind not in VISIBLE_BOARDS:
        raise Http404
    # Among what the user may see: a proposal's board is a 404 to outsiders, as its page is.
    board = get_object_or_404(VISIBLE_BOARDS[kind](request.user), slug=slug)
    if not permissions.can_use_board(request.user, board):
        raise PermissionDenied(
            _("Only the members of %(board)s read its board.") % {"board": board}
        )
    form = TopicForm(form_data(request))
    topic = run_service(
        form, lambda data: services.start_topic(user=request.user, board=board, **data)
    )
    if topic:
        return redirect(topic)
    topics = (
        board.board_topics.select_related("author")
        .annotate(post_count=Count("posts"))
        .order_by("-last_activity_at", "pk")
    )
    context = {
        "board": board,
        "page_obj": Paginator(topics, PER_PAGE).get_page(request.GET.get("page")),
        "form": form,
    }
    return render(request, "cooperation/board_detail.html", context)


@login_required
def topic_detail(request, pk):
    """A topic's posts in order, and the reply form; for the board's members and moderators."""
    topic = get_object_or_404(
        permissions.readable_topics(request.user).select_related("area", "partnership"), pk=pk
    )
    form = PostForm(form_data(request))
    post = run_service(form, lambda data: services.reply(user=request.user, topic=topic, **data))
    posts = topic.posts.select_related("author")
    paginator = Paginator(posts, PER_PAGE)
    if post:
        # The reply is the last post: show the last page, at the reply.
        return redirect(f"{topic.get_absolute_url()}?page={paginator.num_pages}#post-{post.pk}")
    services.mark_topic_read(user=request.user, topic=topic)
    page = paginator.get_page(request.GET.get("page"))
    organisations = mentions.mentioned(shown.body for shown in page.object_list)
    for shown in page.object_list:
        shown.text = mentions.render(shown.body, organisations)
    context = {"topic": topic, "board": topic.board, "page_obj": page, "form": form}
    return render(request, "cooperation/topic_detail.html", context)
