"""The join and leave forms of a membership (`core.membership.MembershipKind`).

Areas and partnerships ask the same of a joining or leaving member; each
app's form names its member's choice and says, in its own words, what
joining commits to and what leaving keeps.
"""

from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext_lazy as _

from .forms import text_area_field
from .membership import MemberChoiceForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class JoinForm(MemberChoiceForm):
    """Ask to join, with a statement of commitment the group's leads read before deciding.

    Mixed in before the app's choice form, which declares the member's field.
    """

    statement_help: ClassVar["StrOrPromise"]
    statement = text_area_field(_("Statement of commitment"), checked_by_service=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].help_text = self.statement_help


class LeaveForm(MemberChoiceForm):
    """Leave: the member's choice says what the history keeps.

    Mixed in before the app's choice form, which declares the member's field.
    """

    member_help: ClassVar["StrOrPromise"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.member_field].help_text = self.member_help
