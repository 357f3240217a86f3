"""iCalendar (RFC 5545) files: the calendar feeds and the `.ics` of one event."""

import datetime
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//European Commission//S3P Industrial Modernisation//EN"


def text(value: object) -> str:
    """Escape a TEXT value as RFC 5545 (section 3.3.11) requires."""
    escaped = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, continuing with a space (RFC 5545 3.1)."""
    data = line.encode()
    parts: list[bytes] = []
    while len(data) > 75:
        cut = 75 if not parts else 74
        # Never split inside a UTF-8 sequence.
        while cut and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
    parts.append(data)
    return b"\r\n ".join(parts).decode()


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event(
    *,
    uid: str,
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    summary: str,
    description: str,
    url: str,
    location: str = "",
    cancelled: bool = False,
) -> list[str]:
    """A VEVENT: all-day from `start` to `end` (exclusive) for dates, in UTC for moments."""
    if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime):
        when = [f"DTSTART:{utc(start)}", f"DTEND:{utc(end)}"]
    else:
        when = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc(timezone.now())}",
        *when,
        f"SUMMARY:{text(summary)}",
        f"DESCRIPTION:{text(description)}",
        f"URL:{url}",
    ]
    if location:
        lines.append(f"LOCATION:{text(location)}")
    if cancelled:
        lines.append("STATUS:CANCELLED")
    return [*lines, "END:VEVENT"]


def calendar_response(name: str, events: Iterable[list[str]], filename: str) -> HttpResponse:
    """A VCALENDAR of `events` named `name`, as a download named `filename`."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{text(name)}",
        *(line for vevent in events for line in vevent),
        "END:VCALENDAR",
    ]
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
