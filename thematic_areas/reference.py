"""Load the real thematic partnerships and their known members from the shipped sources.

`regions/data/s3p_partnerships.json` gives each partnership's name, theme,
launch year, the number of regions its sources report and its leads;
`regions/data/s3p_partnership_members.json` gives, per partnership, the
members the sources name (leads and members, each with the page that names
it), the platform (Industrial Modernisation or Energy) where a source states
it, and a note on what the sources leave out. See regions/data/SOURCES.md.

What the sources do not say stays unknown: a member's join date, an area's
phase, a platform no page states. Members outside the NUTS 2021 EU-27
classification (Scotland, Randstad, a city…) are kept by their name as
`NamedParticipant`s. Where the members file names no member of a
partnership, its leads come from the partnerships file.

Both files are validated in full before anything is written, then written in
one transaction; a second run changes nothing. Rows are only added or
completed: a membership admitted on the platform keeps its date and role,
and a moderator's changes to an area (its status, phase, priorities) stay.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from core.upsert import upsert
from regions.choices import PriorityScheme
from regions.loaders import DATA_DIR, DataFileError, is_web_address
from regions.models import Priority, Region

from .choices import AreaStatus, MembershipRole, Platform
from .models import AreaMembership, AreaSource, NamedParticipant, ThematicArea

PARTNERSHIPS_FILE = DATA_DIR / "s3p_partnerships.json"
MEMBERS_FILE = DATA_DIR / "s3p_partnership_members.json"

PLATFORMS = {
    "S3P-Industrial Modernisation": Platform.INDUSTRIAL_MODERNISATION,
    "S3P-Energy": Platform.ENERGY,
    None: "",
}
ROLES = {"lead": MembershipRole.LEAD, "member": MembershipRole.MEMBER}

THEME_LABELS = {
    "KETs": "key enabling technologies",
    "digital transformation/industry 4.0": "digital transformation and industry 4.0",
}

# The portal's own classification of a partnership's theme into Eye@RIS3
# codes: NACE Rev. 2 divisions and NABS 2007 chapters. The sources publish
# no codes for the partnerships; this mapping is ours, kept small and
# obvious, and given to an area only while it has no priorities of its own.
# "other" stays unclassified.
THEME_PRIORITIES = {
    # C25 fabricated metal products, C28 machinery; industrial production.
    "advanced manufacturing": {"nace": ["25", "28"], "nabs": ["06"]},
    # A02 forestry, C20 chemicals; agriculture.
    "bioeconomy": {"nace": ["02", "20"], "nabs": ["08"]},
    # C26 electronic and optical products, C27 electrical equipment; industrial production.
    "KETs": {"nace": ["26", "27"], "nabs": ["06"]},
    # D35 electricity and gas; energy.
    "energy": {"nace": ["35"], "nabs": ["05"]},
    # E38 waste treatment and materials recovery; environment.
    "circular economy": {"nace": ["38"], "nabs": ["02"]},
    # J62 computer programming; industrial production and technology.
    "digital transformation/industry 4.0": {"nace": ["62"], "nabs": ["06"]},
    # I55 accommodation, N79 travel agencies; culture and recreation.
    "tourism": {"nace": ["55", "79"], "nabs": ["10"]},
    # C21 pharmaceuticals, C32 other manufacturing (medical devices); health.
    "health": {"nace": ["21", "32"], "nabs": ["07"]},
}


@dataclass(frozen=True)
class Member:
    """One participant a source names: a NUTS region (code) or a named participant."""

    name: str
    code: str | None
    role: str
    source_url: str
    note: str


@dataclass
class Partnership:
    name: str
    slug: str
    theme: str
    launched: int | None
    reported_regions: int | None
    source_text: str
    platform: str
    platform_source_url: str
    note: str
    members: list[Member]


@dataclass
class LoadReport:
    areas_created: int = 0
    memberships_created: int = 0
    named_participants_created: int = 0
    sources_created: int = 0
    # Codes of members found on the platform already, completed with their source.
    completed: list[str] = field(default_factory=list)


def theme_priorities(theme: str):
    """The priorities our classification gives a theme (none for "other")."""
    codes = THEME_PRIORITIES.get(theme, {})
    return Priority.objects.filter(
        Q(scheme=PriorityScheme.NACE, code__in=codes.get("nace", []))
        | Q(scheme=PriorityScheme.NABS, code__in=codes.get("nabs", []))
    )


def read_partnerships(
    partnerships_file: Path = PARTNERSHIPS_FILE, members_file: Path = MEMBERS_FILE
) -> list[Partnership]:
    """Both files, validated against each other and the loaded regions."""
    entries = _read_json(partnerships_file, list)
    members = _members_by_name(members_file)
    known_codes = set(Region.objects.values_list("code", flat=True))
    problems: list = []
    partnerships = []
    for index, entry in enumerate(entries, start=1):
        where = f"partnership {index}"
        try:
            partnership = _partnership(entry, members, known_codes)
        except (KeyError, TypeError, ValueError) as exc:
            problems.append((None, f"{where} ({_name(entry)}): {_reason(exc)}"))
            continue
        partnerships.append(partnership)
    if problems:
        raise DataFileError(partnerships_file, problems)
    unmatched = set(members) - {p.name for p in partnerships}
    if unmatched:
        raise DataFileError(
            members_file,
            [(None, f"no partnership is named {name!r}") for name in sorted(unmatched)],
        )
    return partnerships


def _members_by_name(path):
    """The members file's entries by partnership name (its keys are informal slugs)."""
    by_name, problems = {}, []
    for key, entry in _read_json(path, dict).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append((None, f"entry {key!r} has no name"))
        elif not isinstance(entry.get("members"), list):
            problems.append((None, f"entry {key!r} has no list of members"))
        elif entry["name"] in by_name:
            problems.append((None, f"{entry['name']!r} is listed twice"))
        else:
            by_name[entry["name"]] = entry
    if problems:
        raise DataFileError(path, problems)
    return by_name


def _read_json(path, kind):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise DataFileError(path, [(None, f"cannot read the file: {exc.strerror}")]) from exc
    except ValueError as exc:
        raise DataFileError(path, [(None, f"not valid JSON: {exc}")]) from exc
    if not isinstance(data, kind):
        raise DataFileError(path, [(None, f"expected a JSON {kind.__name__} at the top")])
    return data


def _name(entry):
    return entry.get("name", "no name") if isinstance(entry, dict) else "not an object"


def _reason(exc):
    if isinstance(exc, KeyError):
        return f"missing key {exc.args[0]!r}"
    return str(exc)


def _text(value, what, *, blank=False, limit=None):
    if value is None and blank:
        return ""
    if not isinstance(value, str) or (not blank and not value.strip()):
        raise ValueError(f"{what} must be text")
    if limit and len(value) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    return value.strip()


def _number(value, what, low, high):
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high} or null")
    return value


def _url(value, what):
    url = _text(value, what, blank=True)
    if url and not is_web_address(url):
        raise ValueError(f"{what} must be a web address")
    return url


def _code(value, known_codes):
    if value is None:
        return None
    if value not in known_codes:
        raise ValueError(f"unknown NUTS code {value!r}: run load_regions first")
    return value


def _partnership(entry, members_by_name, known_codes) -> Partnership:
    name = _text(entry["name"], "name", limit=200)
    slug = slugify(name)
    listed = members_by_name.get(name, {"members": [], "note": "", "platform": None})
    if listed.get("platform") not in PLATFORMS:
        raise ValueError(f"unknown platform {listed['platform']!r}")
    platform_source = _url(listed.get("platform_source_url"), "platform_source_url")
    if listed["platform"] and not platform_source:
        raise ValueError("a platform without its source")
    source_text = _text(entry["source"], "source")
    members = [_listed_member(row, known_codes) for row in listed["members"]]
    if not members:
        # The members file names nobody: the partnerships file's leads stand,
        # with its sources (text, no address).
        members = [_lead(lead, source_text, known_codes) for lead in entry["leading_regions"]]
    return Partnership(
        name=name,
        slug=slug,
        theme=_text(entry["theme"], "theme"),
        launched=_number(entry["launched"], "launched", 2014, 2100),
        reported_regions=_number(entry["participating_regions_count"], "region count", 1, 999),
        source_text=source_text,
        platform=PLATFORMS[listed["platform"]],
        platform_source_url=platform_source,
        note=_text(listed.get("note"), "note", blank=True),
        members=members,
    )


def _listed_member(row, known_codes) -> Member:
    if row["role"] not in ROLES:
        raise ValueError(f"unknown role {row['role']!r}")
    return Member(
        name=_text(row["region_name_as_in_source"], "region name", limit=200),
        code=_code(row["nuts_code"], known_codes),
        role=ROLES[row["role"]],
        source_url=_url(row["source_url"], "source_url"),
        note=_text(row.get("note"), "note", blank=True),
    )


def _lead(lead, source_text, known_codes) -> Member:
    name = _text(lead["name"], "lead name", limit=190)
    country = _text(lead.get("country"), "country", blank=True)
    return Member(
        name=f"{name} ({country})" if country and lead["nuts_code"] is None else name,
        code=_code(lead["nuts_code"], known_codes),
        role=MembershipRole.LEAD,
        source_url="",
        note=f"Source: {source_text}",
    )


def load_partnerships(
    partnerships_file: Path = PARTNERSHIPS_FILE, members_file: Path = MEMBERS_FILE
) -> LoadReport:
    """Validate both files, then write every partnership in one transaction."""
    partnerships = read_partnerships(partnerships_file, members_file)
    report = LoadReport()
    with transaction.atomic():
        for partnership in partnerships:
            _write(partnership, report)
    return report


def _write(partnership: Partnership, report: LoadReport) -> ThematicArea:
    facts = {
        "name": partnership.name,
        "summary": _summary(partnership),
        "notes": _notes(partnership),
        "launched_year": partnership.launched,
        "reported_region_count": partnership.reported_regions,
        "platform": partnership.platform,
        "platform_source_url": partnership.platform_source_url,
    }
    area, created = upsert(
        ThematicArea,
        {"slug": partnership.slug},
        facts,
        create_only={"status": AreaStatus.ACTIVE, "phase": "", "created_at": None},
    )
    report.areas_created += created
    if not area.priorities.exists():
        area.priorities.set(theme_priorities(partnership.theme))
    regions = Region.objects.in_bulk(
        [m.code for m in partnership.members if m.code], field_name="code"
    )
    for member in partnership.members:
        if member.code:
            _membership(area, regions[member.code], member, report)
        else:
            _named(area, member, report)
    urls = {m.source_url for m in partnership.members if m.source_url}
    urls |= {partnership.platform_source_url} - {""}
    for url in sorted(urls):
        report.sources_created += AreaSource.objects.get_or_create(area=area, url=url)[1]
    return area


def _membership(area, region, member: Member, report: LoadReport):
    current = AreaMembership.objects.filter(area=area, region=region, left_at__isnull=True).first()
    sourced = {"source_url": member.source_url, "source_note": member.note}
    if current is None:
        AreaMembership.objects.create(
            area=area, region=region, role=member.role, joined_at=None, **sourced
        )
        report.memberships_created += 1
        return
    values = dict(sourced)
    if current.approved_by_id is None:
        # Recorded, not admitted on the platform: the sources' role, and no date.
        values.update(role=member.role, joined_at=None)
    elif not current.source_url:
        report.completed.append(region.code)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, values[name])
    if changed:
        current.save(update_fields=changed)


def _named(area, member: Member, report: LoadReport):
    _, created = upsert(
        NamedParticipant,
        {"area": area, "name": member.name},
        {"role": member.role, "source_url": member.source_url, "note": member.note},
    )
    report.named_participants_created += created


def _summary(partnership: Partnership) -> str:
    topic = partnership.name if partnership.theme == "other" else partnership.theme
    return f"Thematic area on {THEME_LABELS.get(topic, topic)}."


def _notes(partnership: Partnership) -> str:
    notes = [f"Source: {partnership.source_text}"]
    if partnership.note:
        notes.append(partnership.note)
    return "\n".join(notes)
