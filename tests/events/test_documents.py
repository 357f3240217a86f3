"""Agendas, minutes, decisions and documents of events: who publishes, who reads, which files."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import services
from events.choices import Audience, DocumentKind, EventKind, Visibility
from events.models import EventDocument
from notifications.choices import Kind
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.page_helpers import assert_field_error, client_for, text_of
from tests.personas import notified_of
from tests.regions.factories import representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def office(kind):
    """A minimal Office Open XML or OpenDocument file of `kind`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr({"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind], "<x/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def steering():
    area = AreaFactory(name="Textiles")
    member = MembershipFactory(area=area).region
    event = EventFactory(area=area, kind=EventKind.STEERING_COMMITTEE, audience=Audience.INVITATION)
    return event, representative_of(area.proposing_region), representative_of(member)


def add(user, event, **kwargs):
    fields = {"kind": DocumentKind.MINUTES, "title": "Minutes", "visibility": Visibility.PUBLIC}
    return services.add_document(user=user, event=event, **{**fields, **kwargs})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", PDF),
        ("minutes.docx", office("docx")),
        ("figures.xlsx", office("xlsx")),
        ("minutes.odt", office("odt")),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 50),
    ],
)
def test_an_organiser_publishes_accepted_files(steering, name, content):
    event, lead, _member = steering

    document = add(lead, event, file=upload(name, content))

    assert document.file_name == name
    assert document.file.read() == content
    assert name not in document.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.exe", b"MZ\x90\x00", "Accepted files"),
        ("minutes", PDF, "Accepted files"),
        ("minutes.pdf", b"<html><script>alert(1)</script>", "not a PDF file"),
        ("minutes.docx", b"PK\x03\x04garbage", "not a DOCX file"),
        ("archive.docx", office("xlsx"), "not a DOCX file"),
        ("photo.png", PDF, "not a PNG file"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_of_another_format_or_content_are_refused(steering, name, content, message):
    event, lead, _member = steering

    with pytest.raises(ValidationError, match=message):
        add(lead, event, file=upload(name, content))

    assert not EventDocument.objects.exists()


def test_a_file_over_the_limit_is_refused(steering, settings):
    settings.EVENT_DOCUMENT_MAX_BYTES = 1000
    event, lead, _member = steering

    with pytest.raises(ValidationError, match="too large"):
        add(lead, event, file=upload("minutes.pdf", PDF + b"0" * 1000))


def test_only_the_organisers_publish_and_something_must_be_given(steering):
    event, lead, member = steering

    with pytest.raises(PermissionDenied):
        add(member, event, text="Decided.")
    with pytest.raises(ValidationError, match="Write the text, attach a file"):
        add(lead, event)


def test_members_only_minutes_are_read_by_those_the_event_admits(steering, client):
    event, lead, member = steering
    document = add(
        lead,
        event,
        text="Confidential.",
        visibility=Visibility.MEMBERS,
        file=upload("minutes.pdf", PDF),
    )
    url = reverse("events:document_download", args=[event.slug, document.pk])

    assert "Confidential." in text_of(client_for(lead).get(event.get_absolute_url()))
    assert "Confidential." not in text_of(client_for(member).get(event.get_absolute_url()))
    assert "Confidential." not in text_of(client.get(event.get_absolute_url()))
    assert client_for(lead).get(url).status_code == 200
    assert client_for(member).get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_a_download_is_an_attachment_of_its_checked_type(steering, client):
    event, lead, _member = steering
    document = add(lead, event, file=upload('Minutes "final".pdf', PDF))

    response = client.get(reverse("events:document_download", args=[event.slug, document.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_registered_participants_hear_of_minutes_and_decisions(steering):
    event, lead, _member = steering
    came = RegistrationFactory(event=event).user
    RegistrationFactory(event=event, status="waiting")

    add(lead, event, kind=DocumentKind.AGENDA, title="Agenda", text="1. Welcome")
    decisions = add(lead, event, kind=DocumentKind.DECISIONS, title="Decisions", text="Go.")

    assert notified_of(event, Kind.EVENT_MINUTES) == {came}
    assert decisions.pk


def test_the_area_page_lists_its_steering_committees_public_decisions(steering, client):
    event, lead, _member = steering
    add(lead, event, kind=DocumentKind.DECISIONS, title="Pilot lines chosen", text="Three.")
    add(lead, event, kind=DocumentKind.DECISIONS, title="Secret", text="x", visibility="members")
    add(lead, event, kind=DocumentKind.MINUTES, title="Long minutes", text="y")

    page = text_of(client.get(event.area.get_absolute_url()))

    assert "Decisions of the steering committee" in page
    assert "Pilot lines chosen" in page
    assert "Secret" not in page and "Long minutes" not in page


def test_the_page_shows_a_bad_file_on_its_field(steering):
    event, lead, _member = steering

    response = client_for(lead).post(
        reverse("events:document_create", args=[event.slug]),
        {
            "kind": DocumentKind.MINUTES,
            "title": "Minutes",
            "visibility": Visibility.PUBLIC,
            "file": upload("minutes.pdf", b"not a pdf"),
        },
    )

    assert_field_error(response, "file", "not a PDF file")
    assert not EventDocument.objects.exists()


def test_a_member_cannot_open_the_publishing_page(steering):
    event, _lead, member = steering

    assert (
        client_for(member).get(reverse("events:document_create", args=[event.slug])).status_code
        == 403
    )
    assert (
        client_for(UserFactory())
        .get(reverse("events:document_create", args=[event.slug]))
        .status_code
        == 403
    )
