"""RIS3 priority profiles: the representatives' entries, matchmaking's codes, the CSV import.

A region's `Ris3Priority` entries carry the NACE and NABS codes its
strategy names. Its verified representatives (and moderators) add, edit
and delete them (`save_priority`, `delete_priority`), published at once
and kept in the entries' history. Matchmaking compares `RegionPriority` rows, so every change
to the entries ends with `sync_region_codes`: the rows `from_profile` follow
the visible entries exactly; rows put there otherwise (by a moderator, by
the demo) stay as they are.

The import reads a CSV file of one priority a row (`nuts_code`, `title`,
`description`, `codes`, `source_url`), validates every row, and shows what
it would save and which rows it would skip with their reasons; nothing is
written until the moderator confirms, and then everything in one
transaction. A row whose region already has a priority of that title
updates it.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User

from .choices import PriorityScheme
from .loaders import is_web_address
from .models import Priority, Region, RegionPriority, Ris3Priority
from .permissions import can_keep_ris3_profile

COLUMNS = ["nuts_code", "title", "description", "codes", "source_url"]
# The confirmation sends the file back as a form field, under the upload limit.
MAX_BYTES = 800 * 1024
MAX_ROWS = 5000
CODE = re.compile(r"^(nace|nabs):([0-9A-Z][0-9A-Z.]{0,9})$", re.IGNORECASE)
SCHEMES = {"nace": PriorityScheme.NACE, "nabs": PriorityScheme.NABS}


def sync_region_codes(regions: Iterable[Region]) -> None:
    """Make the regions' `from_profile` codes those of their visible RIS3 priorities."""
    regions = list(regions)
    wanted: dict[int, dict[int, list[str]]] = {region.pk: {} for region in regions}
    visible = Ris3Priority.codes.through.objects.filter(
        ris3priority__region__in=regions, ris3priority__hidden=False
    ).values_list("ris3priority__region_id", "priority_id", "ris3priority__title")
    for region_id, priority_id, title in visible:
        wanted[region_id].setdefault(priority_id, []).append(title)
    existing = RegionPriority.objects.filter(region__in=regions)
    have = {(row.region_id, row.priority_id): row for row in existing}
    stale = [
        row.pk
        for (region_id, priority_id), row in have.items()
        if row.from_profile and priority_id not in wanted[region_id]
    ]
    RegionPriority.objects.filter(pk__in=stale).delete()
    RegionPriority.objects.bulk_create(
        [
            RegionPriority(
                region_id=region_id,
                priority_id=priority_id,
                description="; ".join(sorted(titles)),
                from_profile=True,
            )
            for region_id, codes in wanted.items()
            for priority_id, titles in codes.items()
            if (region_id, priority_id) not in have
        ]
    )


def save_priority(
    *,
    user: User,
    region: Region,
    entry: Ris3Priority | None = None,
    title: str,
    description: str,
    codes: Iterable[Priority],
    source_url: str,
) -> Ris3Priority:
    """Add a priority to the region's profile, or change `entry`; matchmaking sees it at once.

    An entry a moderator hid stays hidden when its region edits it.
    """
    if not can_keep_ris3_profile(user, region):
        raise PermissionDenied(_("Only the region's verified representatives keep its profile."))
    if entry is not None and entry.region_id != region.pk:
        raise PermissionDenied(_("This priority belongs to another region."))
    codes = list(codes)
    if not codes:
        raise ValidationError({"codes": _("Choose at least one NACE or NABS code.")})
    same_title = Ris3Priority.objects.filter(region=region, title__iexact=title)
    if entry is not None:
        same_title = same_title.exclude(pk=entry.pk)
    duplicate = ValidationError({"title": _("The region already has a priority of this title.")})
    if same_title.exists():
        raise duplicate
    entry = entry or Ris3Priority(region=region)
    entry.title, entry.description, entry.source_url = title, description, source_url
    try:
        with transaction.atomic():
            entry.save()
            entry.codes.set(codes)
            sync_region_codes([region])
    except IntegrityError:
        # Another request saved the same title since the check above.
        raise duplicate from None
    return entry


def delete_priority(*, user: User, entry: Ris3Priority) -> Region:
    """Remove a priority from its region's profile; its codes leave matchmaking at once."""
    region = entry.region
    if not can_keep_ris3_profile(user, region):
        raise PermissionDenied(_("Only the region's verified representatives keep its profile."))
    with transaction.atomic():
        entry.delete()
        sync_region_codes([region])
    return region


@dataclass
class ImportRow:
    line: int
    region: Region
    title: str
    description: str
    codes: list[Priority]
    source_url: str


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    # (line, reason) of each row that would be skipped.
    problems: list[tuple[int, str]] = field(default_factory=list)
    # A reason the whole file is refused (not CSV, wrong columns, too big).
    refused: str = ""

    @property
    def can_save(self) -> bool:
        return not self.refused and bool(self.rows)


def preview_import(data: bytes) -> ImportPreview:
    """Every row of the file, validated: what would be saved and what skipped. Writes nothing."""
    if len(data) > MAX_BYTES:
        return ImportPreview(refused=f"The file is larger than {MAX_BYTES // 1024} KB: split it.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportPreview(refused="The file is not UTF-8 text.")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return ImportPreview(refused=f"Missing column(s): {', '.join(missing)}.")
        raw_rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        return ImportPreview(refused=f"Not a valid CSV file: {exc}.")
    if len(raw_rows) > MAX_ROWS:
        return ImportPreview(refused=f"More than {MAX_ROWS} rows: split the file.")
    return _validated(raw_rows)


def _validated(raw_rows) -> ImportPreview:
    regions = Region.objects.in_bulk(
        {str(row.get("nuts_code") or "").strip().upper() for _, row in raw_rows},
        field_name="code",
    )
    priorities = {(p.scheme, p.code): p for p in Priority.objects.exclude(scheme="policy")}
    preview, seen = ImportPreview(), {}
    for line, row in raw_rows:
        if None in row or any(value is None for value in row.values()):
            preview.problems.append((line, "the row does not have the header's five columns"))
            continue
        values = {key: value.strip() for key, value in row.items()}
        reason, parsed = _row(line, values, regions, priorities)
        key = (values["nuts_code"].upper(), values["title"].casefold())
        if not reason and key in seen:
            reason = f"the same region and title as line {seen[key]}"
        if reason:
            preview.problems.append((line, reason))
        else:
            seen[key] = line
            preview.rows.append(parsed)
    return preview


def _row(line, values, regions, priorities):
    code = values["nuts_code"].upper()
    if code not in regions:
        return f"unknown NUTS code {values['nuts_code']!r}", None
    if not values["title"]:
        return "no title", None
    if len(values["title"]) > 300:
        return "a title longer than 300 characters", None
    if values["source_url"] and not is_web_address(values["source_url"]):
        return "the source_url is not a web address (http:// or https://)", None
    codes, unknown = [], []
    for token in re.split(r"[;\s,]+", values["codes"]):
        if not token:
            continue
        match = CODE.match(token)
        scheme = match and SCHEMES[match[1].lower()]
        priority = match and priorities.get((scheme, Priority.plain_code(scheme, match[2])))
        if priority:
            codes.append(priority)
        else:
            unknown.append(token)
    if unknown:
        return f"unknown code(s) {', '.join(unknown)} (write nace:25 or nabs:06)", None
    if not codes:
        return "no NACE or NABS code", None
    return "", ImportRow(
        line, regions[code], values["title"], values["description"], codes, values["source_url"]
    )


def save_import(preview: ImportPreview) -> int:
    """Save the preview's valid rows in one transaction; return how many priorities were saved."""
    if not preview.can_save:
        return 0
    with transaction.atomic():
        for row in preview.rows:
            entry, _ = Ris3Priority.objects.update_or_create(
                region=row.region,
                title=row.title,
                defaults={"description": row.description, "source_url": row.source_url},
            )
            entry.codes.set(row.codes)
        sync_region_codes({row.region for row in preview.rows})
    return len(preview.rows)
