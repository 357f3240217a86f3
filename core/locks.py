"""A row read again and locked before a user changes it."""

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)


def locked_for_change(
    row: M,
    *,
    allowed: Callable[[M], bool],
    refusal: "StrOrPromise",
    still_open: Callable[[M], bool],
    closed: "StrOrPromise",
) -> M:
    """`row` read again and locked, inside the caller's transaction: refused (403, `refusal`)
    unless `allowed(row)`; then it must be `still_open(row)`, else ValidationError(`closed`).

    Both are checked on the locked row, so that a change made meanwhile (a posting closed,
    an event cancelled, a representative removed) is seen.
    """
    locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if not allowed(locked):
        raise PermissionDenied(refusal)
    if not still_open(locked):
        raise ValidationError(closed)
    return locked
