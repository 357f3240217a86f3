"""Pickers: choose rows among thousands by typing part of a name or a code.

A picker shows the rows chosen so far as checked boxes (radio buttons when
one row is chosen), a search box, and the rows that match the search as
unchecked ones, all inputs of the page's form. Without JavaScript the
"Find" button submits the whole form back to its page, which shows it again
with the matches and saves nothing (`PickerFormMixin`); ticking some and
searching again keeps them. With htmx, typing posts the form the same way
and swaps in the matches and the chosen rows alone, so the search box keeps
the focus. Nobody types an id: they type words and tick labels.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorDict

from core.searchable import MAX_QUERY_LENGTH

# Suffixes of the picker's own inputs: the search words, and the search button.
QUERY_SUFFIX = "__q"
SEARCH_SUFFIX = "__search"
MAX_RESULTS = 30
# The largest id PostgreSQL's bigint holds: larger values are invalid choices, not a 500.
MAX_PK = 2**63 - 1
MAX_KEY_LENGTH = 200

Search = Callable[[QuerySet[Any], str], QuerySet[Any]]
Label = Callable[[Any], str]


class PickerWidget(forms.Widget):
    template_name = "widgets/picker.html"
    use_fieldset = True

    def __init__(
        self,
        *,
        search: Search,
        to_label: Label,
        multiple: bool,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.search = search
        self.to_label = to_label
        self.allow_multiple_selected = multiple
        self.query = ""
        # The field's rows, as ModelChoiceField hands them to its widget.
        self.choices: Any = ()

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # The search words belong to this form's picker only: keep them for rendering.
        query = str(data.get(name + QUERY_SUFFIX) or "").replace("\x00", "")
        self.query = query[:MAX_QUERY_LENGTH].strip()
        if not self.allow_multiple_selected:
            return data.get(name)
        getter = getattr(data, "getlist", None)
        return list(getter(name)) if getter else list(data.get(name) or [])

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # No box ticked is a choice of none, as with CheckboxSelectMultiple.
        return False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        field = self.choices.field
        key = field.to_field_name or "pk"
        wanted = _keys(value, key)
        rows = field.queryset
        chosen = list(rows.filter(**{f"{key}__in": wanted})) if wanted else []
        results: list[Any] = []
        if self.query:
            results = list(self.search(rows, self.query)[: MAX_RESULTS + len(chosen) + 1])
            results = [row for row in results if row not in chosen]

        def option(row: Any) -> tuple[str, str]:
            return str(getattr(row, key)), self.to_label(row)

        context["widget"].update(
            input_type="checkbox" if self.allow_multiple_selected else "radio",
            # The search box is the picker's control: it carries the field's errors.
            invalid=context["widget"]["attrs"].get("aria-invalid") == "true",
            chosen=[option(row) for row in chosen],
            results=[option(row) for row in results[:MAX_RESULTS]],
            more_results=len(results) > MAX_RESULTS,
            query=self.query,
            query_name=name + QUERY_SUFFIX,
            search_name=name + SEARCH_SUFFIX,
            max_results=MAX_RESULTS,
        )
        return context


def _keys(value: Any, key: str) -> list[str]:
    """The keys in a bound value (strings) or an initial one (rows, keys) that can be looked up."""
    if value is None or value == "":
        return []
    if not isinstance(value, (list, tuple, QuerySet)):
        value = [value]
    keys = [str(getattr(v, key) if isinstance(v, Model) else v) for v in value]
    if key == "pk":
        return [k for k in keys if k.isdigit() and int(k) <= MAX_PK]
    return [k for k in keys if len(k) <= MAX_KEY_LENGTH and "\x00" not in k]


def _refuse_out_of_range(field: forms.ModelChoiceField, values: list[Any], error: str) -> None:
    # Django's lookups do not guard against integers out of the database's
    # range (SQLite raises OverflowError, PostgreSQL DataError).
    if field.to_field_name:
        return
    for pk in values:
        if not str(pk).isdigit() or int(pk) > MAX_PK:
            raise forms.ValidationError(
                field.error_messages[error], code=error, params={"pk": pk, "value": pk}
            )


class PickerField(forms.ModelMultipleChoiceField):
    """Rows of `queryset`, found with `search(queryset, words)` and shown as `to_label(row)`."""

    def __init__(
        self, queryset: QuerySet[Any], *, search: Search, to_label: Label = str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerWidget(search=search, to_label=to_label, multiple=True))
        super().__init__(queryset=queryset, **kwargs)

    def clean(self, value: Any) -> QuerySet[Any]:
        if isinstance(value, (list, tuple)):
            values = [v for v in value if v not in self.empty_values]
            _refuse_out_of_range(self, values, "invalid_pk_value")
        return super().clean(value)


class SinglePickerField(forms.ModelChoiceField):
    """One row of `queryset`, picked as `PickerField` picks several."""

    def __init__(
        self, queryset: QuerySet[Any], *, search: Search, to_label: Label = str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("widget", PickerWidget(search=search, to_label=to_label, multiple=False))
        super().__init__(queryset=queryset, empty_label=None, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            # PostgreSQL cannot even look up a text with a NUL byte.
            ProhibitNullCharactersValidator()(value)
            _refuse_out_of_range(self, [value], "invalid_choice")
        return super().to_python(value)


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
            if isinstance(field.widget, PickerWidget)
        )

    def full_clean(self) -> None:
        if self.picking:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.picking and super().is_valid()
