from django import template

from cooperation.choices import PARTNER_TYPES

register = template.Library()


@register.filter
def partner_types(values):
    """The labels of the kinds of partner a posting wants, in the list's order."""
    labels = dict(PARTNER_TYPES)
    return ", ".join(str(labels[value]) for value in values if value in labels)
