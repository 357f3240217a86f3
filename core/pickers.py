"""Pickers: choose rows among thousands by typing part of a name or a code.

A `PickerField` shows the rows chosen so far as checked boxes, a search box
and the rows that match the search as unchecked boxes, all of the form's
own inputs. Without JavaScript the "Find" button submits the whole form
back to its page, which shows it again with the matches and saves nothing
(`PickerFormMixin`); ticking some and searching again keeps them. With
htmx, typing posts the form the same way and swaps in the matches and the
chosen rows alone, so the search box keeps the focus. Nobody types a code
or an id: they type words and tick labels.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorDict

from core.searchable import MAX_QUERY_LENGTH

# Suffixes of the picker's own inputs: the search words, and the search button.
QUERY_SUFFIX = "__q"
SEARCH_SUFFIX = "__search"
MAX_RESULTS = 30
# The largest id PostgreSQL's bigint holds: larger values are invalid choices, not a 500.
MAX_PK = 2**63 - 1

Search = Callable[[QuerySet[Any], str], QuerySet[Any]]
Label = Callable[[Any], str]


class PickerWidget(forms.Widget):
    template_name = "widgets/picker.html"
    use_fieldset = True
    allow_multiple_selected = True

    def __init__(self, *, search: Search, to_label: Label, attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.search = search
        self.to_label = to_label
        self.query = ""
        # The field's rows, as ModelMultipleChoiceField hands them to its widget.
        self.choices: Any = ()

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        # The search words belong to this form's picker only: keep them for rendering.
        self.query = str(data.get(name + QUERY_SUFFIX) or "")[:MAX_QUERY_LENGTH].strip()
        getter = getattr(data, "getlist", None)
        return list(getter(name)) if getter else list(data.get(name) or [])

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # An empty list of boxes is a choice of none, as with CheckboxSelectMultiple.
        return False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        queryset = self.choices.queryset
        wanted = _primary_keys(value)
        chosen = list(queryset.filter(pk__in=wanted))
        results: list[Any] = []
        if self.query:
            matches = self.search(queryset, self.query).exclude(pk__in=wanted)
            results = list(matches[: MAX_RESULTS + 1])
        context["widget"].update(
            chosen=[(row.pk, self.to_label(row)) for row in chosen],
            results=[(row.pk, self.to_label(row)) for row in results[:MAX_RESULTS]],
            more_results=len(results) > MAX_RESULTS,
            query=self.query,
            query_name=name + QUERY_SUFFIX,
            search_name=name + SEARCH_SUFFIX,
            max_results=MAX_RESULTS,
        )
        return context


def _primary_keys(value: Any) -> list[int]:
    """The ids in a bound value (strings) or an initial one (rows, ids): valid ones only."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple, QuerySet)):
        value = [value]
    keys = (str(v.pk if isinstance(v, Model) else v) for v in value)
    return [int(key) for key in keys if key.isdigit() and int(key) <= MAX_PK]


class PickerField(forms.ModelMultipleChoiceField):
    """Rows of `queryset`, found with `search(queryset, words)` and shown as `to_label(row)`."""

    def __init__(
        self, queryset: QuerySet[Any], *, search: Search, to_label: Label = str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerWidget(search=search, to_label=to_label))
        super().__init__(queryset=queryset, **kwargs)

    def clean(self, value: Any) -> QuerySet[Any]:
        # Django's "pk__in" does not guard against integers out of the
        # database's range (SQLite raises OverflowError, PostgreSQL DataError).
        for pk in value if isinstance(value, (list, tuple)) else ():
            if not str(pk).isdigit() or int(pk) > MAX_PK:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class PickerFormMixin(forms.BaseForm):
    """A form with pickers: a picker's search submits the form without saving it.

    Such a submission is neither valid nor invalid: the page shows the form
    again as it was filled in, with the matches, and no error yet.
    """

    @property
    def picking(self) -> bool:
        return self.is_bound and any(
            name + SEARCH_SUFFIX in self.data
            for name, field in self.fields.items()
            if isinstance(field, PickerField)
        )

    def full_clean(self) -> None:
        if self.picking:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.picking and super().is_valid()
