"""Forms of the event pages; the services hold the rules."""

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import text_area_field, textarea, web_address_field
from core.pickers import PickerFormMixin
from regions.pickers import RegionField

from .choices import DocumentKind, Visibility
from .models import Event
from .services import EVENT_FIELDS

PLATFORM = "platform"

# The time zones of the member states, their outermost regions included.
TIME_ZONES = sorted(
    zone
    for zone in zoneinfo.available_timezones()
    if zone.startswith("Europe/")
    or zone in {"Atlantic/Azores", "Atlantic/Canary", "Atlantic/Madeira", "UTC"}
)


class WallClockField(forms.DateTimeField):
    """A date and time as the organiser reads it on the venue's clock: naive, made aware
    in the event's time zone by the form."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime.datetime | None:
        moment = super().to_python(value)
        return None if moment is None else timezone.make_naive(moment)


WALL_CLOCK_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def on_the_wall(event: Event) -> dict[str, datetime.datetime | None]:
    """The event's moments on the venue's clock, as the form shows them."""
    zone = event.zone
    return {
        name: None
        if getattr(event, name) is None
        else getattr(event, name).astimezone(zone).replace(tzinfo=None)
        for name in WALL_CLOCK_FIELDS
    }


class EventForm(PickerFormMixin, forms.ModelForm):
    starts_at = WallClockField(label=_("Starts"))
    ends_at = WallClockField(label=_("Ends"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone.replace("_", " ")) for zone in TIME_ZONES],
        initial="Europe/Brussels",
        help_text=_("The times above are on the clock of this time zone."),
    )
    venue_region = RegionField(label=_("Region of the venue"), required=False)
    online_url = web_address_field(
        _("Online meeting link"),
        max_length=500,
        help_text=_("Shown only to registered participants and the organisers."),
    )
    registration_opens_at = WallClockField(
        label=_("Registration opens"), required=False, help_text=_("Empty: at once.")
    )
    registration_closes_at = WallClockField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Empty: when the event starts."),
    )

    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)
        widgets = {"description": textarea(5)}
        help_texts = {
            "meeting_minutes": _("Matchmaking events only: the length of each bilateral meeting."),
            "meeting_tables": _("Matchmaking events only: how many meetings can run at once."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only matchmaking events use them: other events keep the defaults.
        for name in ("meeting_minutes", "meeting_tables"):
            self.fields[name].required = False

    def _post_clean(self) -> None:
        # The model is checked by the service, with the moments made aware first.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("meeting_minutes", "meeting_tables"):
            if data.get(name) is None and name not in self.errors:
                data[name] = Event._meta.get_field(name).get_default()
        zone_name = data.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in WALL_CLOCK_FIELDS:
                if data.get(name) is not None:
                    data[name] = data[name].replace(tzinfo=zone)
        return data


class NewEventForm(EventForm):
    """An event of one of the areas or partnerships the user runs, or of the platform."""

    scope = forms.ChoiceField(label=_("Event of"))

    field_order = ["scope"]

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes


class CancelEventForm(forms.Form):
    reason = text_area_field(
        _("Reason"),
        rows=3,
        max_length=500,
        help_text=_("Everyone registered or waiting receives it."),
    )


class AttendanceForm(forms.Form):
    """The confirmed participants, ticked when they came."""

    attended = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, registrations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(r.pk), str(r.user)) for r in registrations]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = text_area_field(
        _("Text"),
        rows=8,
        required=False,
        help_text=_("The minutes or decisions themselves; or attach them as a file."),
    )
    file = forms.FileField(label=_("File"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may read it"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, office documents (Word, Excel, PowerPoint, OpenDocument) or images, "
            "at most %(limit)s."
        ) % {"limit": filesizeformat(settings.EVENT_DOCUMENT_MAX_BYTES)}


class MeetingProfileForm(forms.Form):
    """A participant's profile at a matchmaking event; `organisations` are those they represent."""

    organisation = forms.ChoiceField(label=_("For"), required=False)
    offers = text_area_field(
        _("What you offer"),
        max_length=1000,
        required=False,
        help_text=_("Competences, technologies, facilities, partners you bring."),
    )
    seeks = text_area_field(
        _("What you seek"),
        max_length=1000,
        required=False,
        help_text=_("The partners, competences or investment you are looking for."),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation_key(o): o for o in organisations}
        self.fields["organisation"].choices = [
            ("", _("Myself only")),
            *((key, str(o)) for key, o in self.organisations.items()),
        ]

    def clean_organisation(self) -> Any:
        return self.organisations.get(self.cleaned_data["organisation"])


def organisation_key(organisation: Any) -> str:
    """A region or cluster as a choice: `region:<code>` or `cluster:<slug>`."""
    if hasattr(organisation, "code"):
        return f"region:{organisation.code}"
    return f"cluster:{organisation.slug}"


class MeetingRequestForm(forms.Form):
    message = text_area_field(
        _("Message"),
        rows=3,
        max_length=1000,
        required=False,
        help_text=_("Why you would like to meet; they read it before answering."),
    )
