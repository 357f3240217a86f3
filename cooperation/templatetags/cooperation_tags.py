from django import template

from cooperation.choices import PARTNER_TYPES
from cooperation.models import board_url
from cooperation.permissions import can_use_board

register = template.Library()


@register.filter
def partner_types(values):
    """The labels of the kinds of partner a posting wants, in the list's order."""
    labels = dict(PARTNER_TYPES)
    return ", ".join(str(labels[value]) for value in values if value in labels)


@register.inclusion_tag("cooperation/_board_link.html", takes_context=True)
def board_link(context, board):
    """On an area's or a partnership's page, the link to its discussion board: for its
    members and the moderators only, as nobody else may read it."""
    user = context["request"].user
    return {"url": board_url(board) if can_use_board(user, board) else ""}
