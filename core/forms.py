"""Render every Django form with Europa Component Library markup.

Set as ``FORM_RENDERER``: ``{{ form }}`` and ``{{ field.as_field_group }}``
give ECL form groups (label with the required mark, help text, errors tied to
the input by ``aria-describedby``), and each widget carries its ECL class.
The fields many forms declare alike (a text area, a web address) are built here.
"""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from django.forms import CharField, URLField, widgets
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import BaseRenderer, TemplatesSetting
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Checkboxes and radio buttons keep the browser's own control: ECL draws its
# boxes with extra markup around the input, which a widget cannot emit.
_TEXT_INPUTS = (widgets.Input,)
_NATIVE = (widgets.CheckboxInput, widgets.RadioSelect, widgets.FileInput, widgets.HiddenInput)


def ecl_widget_class(widget: widgets.Widget, *, invalid: bool) -> str:
    """The ECL class of a widget, or "" for widgets left as the browser draws them."""
    if isinstance(widget, _NATIVE):
        return ""
    if isinstance(widget, widgets.Textarea):
        base = "ecl-text-area"
    elif isinstance(widget, LongSelect) and widget.draws_text_box():
        base = "ecl-text-input"
    elif isinstance(widget, widgets.Select):
        base = "ecl-select"
    elif isinstance(widget, _TEXT_INPUTS):
        base = "ecl-text-input"
    else:
        return ""
    if base == "ecl-select":
        return base
    return f"{base} {base}--m" + (f" {base}--invalid" if invalid else "")


class EclBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, str | bool], widget: widgets.Widget | None = None
    ) -> dict[str, str | bool]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = ecl_widget_class(widget, invalid=bool(self.errors))
        if css:
            own = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = f"{own} {css}".strip()
        return attrs

    @property
    def is_select(self) -> bool:
        return ecl_widget_class(self.field.widget, invalid=False) == "ecl-select"

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, widgets.CheckboxInput)


class EclFormRenderer(TemplatesSetting):
    form_template_name = "forms/ecl_form.html"
    field_template_name = "forms/ecl_field.html"
    bound_field_class = EclBoundField


class LongSelect(widgets.Select):
    """A single select of hundreds or thousands of options, rendered in Python.

    The filters on every area and every partnership list them all; through
    the template engine each option costs a few hundred microseconds, which
    at EU scale made the filter form most of the page. Same markup as
    Django's select without option groups.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        if self.draws_text_box():
            text_box = widgets.TextInput(
                {**self.attrs, "autocomplete": "off", "spellcheck": "false"}
            )
            return text_box.render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.options_to_render()
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )

    def options_to_render(self) -> Iterable[tuple[Any, Any]]:
        """The (value, label) pairs `render` writes: the widget's choices."""
        return self.choices

    def draws_text_box(self) -> bool:
        """Whether there are too many options to list, so that a text box stands instead."""
        return False


class LazyChoicesSelect(LongSelect):
    """A LongSelect whose options are read when it is rendered (rows of the database, say).

    `read_options()` gives (value, label) pairs; the first option is `empty_label`,
    for a filter that may be left empty.
    """

    def __init__(
        self,
        read_options: Callable[[], Iterable[tuple[str, str]]],
        empty_label: "StrOrPromise",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.read_options = read_options
        self.empty_label = empty_label

    def options_to_render(self) -> Iterable[tuple[Any, Any]]:
        return [("", self.empty_label), *self.read_options()]


class SelectOrTextInput(LongSelect):
    """A ModelChoiceField's rows as a select while they are few; past `max_options`, a text
    box to type one in, which the field must then take as people know the row.

    At EU scale the filters on areas and partnerships would list thousands
    of them: most of the page's weight, and a list nobody reads through.
    """

    max_options = 300

    @property
    def _iterator(self) -> ModelChoiceIterator:
        # What a ModelChoiceField hands its widget as choices.
        return cast(ModelChoiceIterator, self.choices)

    @cached_property
    def _rows(self) -> list[Any]:
        # One more than fits tells "too many" apart with one query, which also reads the options.
        return list(self._iterator.queryset[: self.max_options + 1])

    def draws_text_box(self) -> bool:
        return len(self._rows) > self.max_options

    def options_to_render(self) -> Iterable[tuple[Any, Any]]:
        iterator = self._iterator
        empty_label = iterator.field.empty_label
        empty = [] if empty_label is None else [("", empty_label)]
        return [*empty, *(iterator.choice(row) for row in self._rows)]


def textarea(rows: int = 4, *, required: bool = False) -> widgets.Textarea:
    """A text area of `rows` rows; `required` tells browsers and assistive technologies
    that it must be filled in, whether or not the form requires it."""
    attrs: dict[str, int | bool] = {"rows": rows}
    if required:
        attrs["required"] = True
    return widgets.Textarea(attrs=attrs)


def text_area_field(
    label: "StrOrPromise",
    *,
    rows: int = 4,
    max_length: int | None = None,
    required: bool = True,
    checked_by_service: bool = False,
    help_text: "StrOrPromise" = "",
) -> CharField:
    """A text typed in a `textarea` of `rows` rows.

    `checked_by_service`: a service checks that it is filled in, with a clearer
    message than the form's, so the form leaves it optional while the browser
    is told it is required.
    """
    return CharField(
        label=label,
        max_length=max_length,
        required=required and not checked_by_service,
        widget=textarea(rows, required=checked_by_service),
        help_text=help_text,
    )


def web_address_field(
    label: "StrOrPromise", *, max_length: int | None = None, help_text: "StrOrPromise" = ""
) -> URLField:
    """An optional web address; one typed without a scheme is taken as https."""
    return URLField(
        label=label,
        required=False,
        max_length=max_length,
        assume_scheme="https",
        help_text=help_text,
    )
