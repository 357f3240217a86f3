"""Import the reference data in regions/data/ into Region and Priority.

Every file is parsed and validated completely before anything is written,
then all writes happen in one transaction, so a malformed file leaves the
database exactly as it was. Imports are idempotent: rows are matched by
code, created when missing, updated when a value changed and otherwise left
alone (no save, so nothing is touched). Trees are written one level at a
time with bulk_create/bulk_update, which creates parents before children
whatever the order of the file and keeps a full load to a few queries.
Bulk writes send no post_save; the one cache (core.cache) sees them anyway.

Only the columns that come from the files are ever written: a cohesion
category comes with the page that states it, from the shipped categories
file (or another one given) or from a moderator, and is never guessed or
cleared here. English names come from the NUTS file or, where it has none,
from the names file of the EU's style guide.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .choices import CohesionCategory, NutsLevel, PriorityScheme
from .models import Priority, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
NUTS_FILE = DATA_DIR / "nuts_regions.csv"
PILOT_FILE = DATA_DIR / "industrial_transition_pilot.csv"
NACE_FILE = DATA_DIR / "nace_rev2.csv"
NABS_FILE = DATA_DIR / "nabs2007.csv"
CATEGORIES_FILE = DATA_DIR / "cohesion_categories_2021_2027.csv"
NAMES_FILE = DATA_DIR / "nuts_names_en.csv"

NUTS_COLUMNS = ["code", "name_latin", "level", "country", "parent_code"]
PILOT_COLUMNS = ["code", "name", "note"]
CATEGORY_COLUMNS = ["nuts_code", "category", "source_url"]
NAME_COLUMNS = ["code", "name_en", "source_url"]
NACE_COLUMNS = ["code", "level", "name", "parent_code"]
NABS_COLUMNS = ["code", "name"]

NUTS_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
WEB_ADDRESS = re.compile(r"^https?://[^\s]+$")
# Source addresses are kept in URLFields of this length.
MAX_URL_LENGTH = 500
NACE_LEVELS = range(1, 5)
REGION_FIELDS = ["name", "name_national", "name_en", "country"]
PRIORITY_FIELDS = ["name"]
MAX_PROBLEMS_SHOWN = 20


class DataFileError(Exception):
    """A reference file is malformed. The message names the file, the lines and the problems."""

    def __init__(self, path, problems):
        self.path = Path(path)
        self.problems = sorted(problems, key=lambda problem: problem[0] or 0)
        super().__init__(self._message())

    def _message(self):
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"{self.path}: rejected, nothing was imported."]
        lines += [f"  line {line}: {text}" if line else f"  {text}" for line, text in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … and {len(self.problems) - len(shown)} more problems.")
        return "\n".join(lines)


@dataclass
class Row:
    """One validated row of a code tree (NUTS regions or a priority scheme)."""

    line: int
    code: str
    level: int
    parent_code: str
    values: dict


@dataclass
class PilotEntry:
    line: int
    code: str
    name: str
    note: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class PilotResult:
    flagged: list = field(default_factory=list)  # codes now marked, changed or not
    changed: int = 0
    cleared: list = field(default_factory=list)  # codes no longer in the pilot file
    skipped: list = field(default_factory=list)  # PilotEntry rows with no region


@dataclass
class LoadReport:
    regions: dict  # NUTS level -> Counts
    regions_not_in_file: int
    pilot: PilotResult
    categories: Counts | None
    priorities: dict  # scheme -> {level -> Counts}


def _read_csv(path, required):
    """Return (line number, stripped row) pairs of a UTF-8 CSV file with a checked header."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in required if column not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(path, [(1, f"missing column(s): {', '.join(missing)}")])
            return [(reader.line_num, _stripped(row)) for row in reader]
    except OSError as exc:
        raise DataFileError(path, [(None, f"cannot read the file: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(path, [(None, "the file is not UTF-8 text")]) from exc
    except csv.Error as exc:
        raise DataFileError(path, [(None, f"not a valid CSV file: {exc}")]) from exc


def _stripped(row):
    # DictReader puts surplus fields under the key None and fills missing
    # ones with None; both are reported by _field_count_problem.
    return {key: value.strip() if isinstance(value, str) else value for key, value in row.items()}


def _field_count_problem(raw):
    if None in raw:
        return "more fields than the header has columns"
    if any(value is None for value in raw.values()):
        return "fewer fields than the header has columns"
    return None


def _parse_tree(path, columns, build, known):
    """Validate a code tree file row by row, then as a whole.

    `build(raw)` returns (Row values, problems) for one row; `known` maps
    codes already in the database to their level, so they may be parents.
    """
    rows, problems, rejected = [], [], set()
    for line, raw in _read_csv(path, columns):
        count_problem = _field_count_problem(raw)
        row, row_problems = (None, [count_problem]) if count_problem else build(line, raw)
        problems += [(line, text) for text in row_problems]
        if row_problems:
            rejected.add(raw.get("code"))
        else:
            rows.append(row)
    problems += _duplicate_problems(rows)
    # A child of a rejected row would only repeat its problem as "parent missing".
    problems += _parent_problems(rows, known, skip=rejected)
    if problems:
        raise DataFileError(path, problems)
    return rows


def _duplicate_problems(rows):
    first_line, problems = {}, []
    for row in rows:
        if row.code in first_line:
            problems.append(
                (row.line, f"duplicate code {row.code} (first on line {first_line[row.code]})")
            )
        else:
            first_line[row.code] = row.line
    return problems


def _parent_problems(rows, known, skip=()):
    levels = {**known, **{row.code: row.level for row in rows}}
    problems = []
    for row in rows:
        if not row.parent_code or row.parent_code in skip:
            continue
        parent_level = levels.get(row.parent_code)
        if parent_level is None:
            problems.append(
                (row.line, f"parent {row.parent_code} of {row.code} is missing from the file")
            )
        elif parent_level != row.level - 1:
            problems.append(
                (row.line, f"parent {row.parent_code} of {row.code} is not one level up")
            )
    return problems


def _too_long(raw, limits):
    return [
        f"{column} is longer than {limit} characters"
        for column, limit in limits.items()
        if len(raw.get(column) or "") > limit
    ]


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _nuts_row(line, raw):
    code = raw["code"]
    if not NUTS_CODE.match(code):
        return None, [f"bad NUTS code {code!r}: expected two capital letters and up to three more"]
    problems = []
    level = _int_or_none(raw["level"])
    if level not in NutsLevel.values:
        problems.append(f"unknown NUTS level {raw['level']!r} for {code}: expected 0 to 3")
    elif len(code) != level + 2:
        problems.append(f"bad NUTS code {code}: a level {level} code has {level + 2} characters")
    if raw["country"] != code[:2]:
        problems.append(f"country {raw['country']!r} is not the prefix of {code}")
    expected_parent = code[:-1] if len(code) > 2 else ""
    if raw["parent_code"] != expected_parent:
        problems.append(
            f"parent_code of {code} is {raw['parent_code']!r}, expected {expected_parent!r}"
        )
    if not raw["name_latin"]:
        problems.append(f"{code} has no name_latin")
    problems += _too_long(raw, {"name_latin": 200, "name_national": 200, "name_en": 200})
    values = {
        "name": raw["name_latin"],
        "name_national": raw.get("name_national") or "",
        "name_en": raw.get("name_en") or "",
        "country": raw["country"],
    }
    return Row(line, code, level, raw["parent_code"], values), problems


def _nace_row(line, raw):
    code, level = raw["code"], _int_or_none(raw["level"])
    problems = []
    if not code:
        problems.append("empty code")
    if level not in NACE_LEVELS:
        problems.append(f"unknown NACE level {raw['level']!r} for {code}: expected 1 to 4")
    elif (level == 1) != (not raw["parent_code"]):
        problems.append(f"{code}: only sections (level 1) have no parent_code")
    if not raw["name"]:
        problems.append(f"{code} has no name")
    problems += _too_long(raw, {"code": 10, "parent_code": 10, "name": 300})
    return Row(line, code, level, raw["parent_code"], {"name": raw["name"]}), problems


def _nabs_row(line, raw):
    code = raw["code"]
    problems = [] if re.fullmatch(r"\d{2}", code) else [f"bad NABS chapter {code!r}: two digits"]
    if not raw["name"]:
        problems.append(f"{code} has no name")
    problems += _too_long(raw, {"name": 300})
    return Row(line, code, 1, "", {"name": raw["name"]}), problems


def _known_levels(queryset):
    return dict(queryset.values_list("code", "level"))


def parse_nuts(path=NUTS_FILE):
    """Validated Rows of a NUTS file; parents may also be regions already in the database."""
    return _parse_tree(path, NUTS_COLUMNS, _nuts_row, _known_levels(Region.objects.all()))


def parse_nace(path=NACE_FILE):
    known = _known_levels(Priority.objects.filter(scheme=PriorityScheme.NACE))
    return _parse_tree(path, NACE_COLUMNS, _nace_row, known)


def parse_nabs(path=NABS_FILE):
    return _parse_tree(path, NABS_COLUMNS, _nabs_row, known={})


def parse_pilot(path=PILOT_FILE):
    """Validated entries of the industrial-transition pilot file.

    Codes outside the EU-27 (UKD3) are valid here; they are skipped when
    marking, because they have no Region.
    """
    entries, problems, seen = [], [], {}
    for line, raw in _read_csv(path, PILOT_COLUMNS):
        code = raw["code"]
        count_problem = _field_count_problem(raw)
        if count_problem:
            problems.append((line, count_problem))
        elif not NUTS_CODE.match(code):
            problems.append((line, f"bad NUTS code {code!r}"))
        elif code in seen:
            problems.append((line, f"duplicate code {code} (first on line {seen[code]})"))
        elif len(raw["note"]) > 300:
            problems.append((line, "note is longer than 300 characters"))
        else:
            seen[code] = line
            entries.append(PilotEntry(line, code, raw["name"], raw["note"]))
    if problems:
        raise DataFileError(path, problems)
    return entries


def parse_categories(path, nuts_rows):
    """Validated {code: (category, source URL)} of a categories file (NUTS 2 codes only)."""
    levels = {**_known_levels(Region.objects.all()), **{row.code: row.level for row in nuts_rows}}
    categories, problems, seen = {}, [], {}
    for line, raw in _read_csv(path, CATEGORY_COLUMNS):
        problem = _field_count_problem(raw) or _category_problem(raw, levels, seen)
        if problem:
            problems.append((line, problem))
        else:
            seen[raw["nuts_code"]] = line
            categories[raw["nuts_code"]] = (raw["category"], raw["source_url"])
    if problems:
        raise DataFileError(path, problems)
    return categories


def _category_problem(raw, levels, seen):
    code, category = raw["nuts_code"], raw["category"]
    if category not in CohesionCategory.values:
        expected = ", ".join(CohesionCategory.values)
        return f"unknown category {category!r} for {code}: expected one of {expected}"
    if code in seen:
        return f"duplicate code {code} (first on line {seen[code]})"
    if code not in levels:
        return f"unknown NUTS code {code!r}"
    if levels[code] != NutsLevel.NUTS2:
        return f"{code} is a level {levels[code]} code: categories apply to NUTS 2 regions only"
    return _source_problem(raw["source_url"], code)


def is_web_address(url: str) -> bool:
    """Whether a source file's address is one the portal keeps: http(s), no spaces, not too long."""
    return bool(WEB_ADDRESS.match(url)) and len(url) <= MAX_URL_LENGTH


def _source_problem(url, code):
    if not WEB_ADDRESS.match(url):
        return f"{code} has no source_url (a web address starting with http:// or https://)"
    if not is_web_address(url):
        return f"the source_url of {code} is longer than {MAX_URL_LENGTH} characters"
    return None


def parse_names(path, nuts_rows):
    """Validated {code: English name} of a names file, for codes of the NUTS file."""
    codes = {row.code for row in nuts_rows}
    names, problems, seen = {}, [], {}
    for line, raw in _read_csv(path, NAME_COLUMNS):
        code = raw.get("code")
        problem = _field_count_problem(raw)
        if not problem and code in seen:
            problem = f"duplicate code {code} (first on line {seen[code]})"
        elif not problem and code not in codes:
            problem = f"unknown NUTS code {code!r}"
        elif not problem and not raw["name_en"]:
            problem = f"{code} has no name_en"
        problem = problem or (_too_long(raw, {"name_en": 200}) or [None])[0]
        problem = problem or _source_problem(raw["source_url"], code)
        if problem:
            problems.append((line, problem))
        else:
            seen[code] = line
            names[code] = raw["name_en"]
    if problems:
        raise DataFileError(path, problems)
    return names


def _with_english_names(nuts_rows, names):
    """The NUTS file's English name wins; the names file fills only the blanks."""
    for row in nuts_rows:
        if not row.values["name_en"] and row.code in names:
            row.values["name_en"] = names[row.code]
    return nuts_rows


def sync_tree(model, rows, fields, scope=None):
    """Create or update a code tree, one level at a time; return {level: Counts}.

    `scope` narrows the model to one tree (a priority scheme). Rows not in
    `rows` are left alone: removing a region could break memberships.
    """
    scope = scope or {}
    queryset = model.objects.filter(**scope)
    existing = {obj.code: obj for obj in queryset}
    ids = {code: obj.pk for code, obj in existing.items()}
    counts = {}
    for level in sorted({row.level for row in rows}):
        new, changed = [], []
        level_counts = counts[level] = Counts()
        for row in (row for row in rows if row.level == level):
            values = {**row.values, "level": level, "parent_id": ids.get(row.parent_code)}
            obj = existing.get(row.code)
            if obj is None:
                new.append(model(code=row.code, **scope, **values))
                level_counts.created += 1
            elif _assign_changes(obj, values):
                changed.append(obj)
                level_counts.updated += 1
            else:
                level_counts.unchanged += 1
        model.objects.bulk_create(new, batch_size=500)
        model.objects.bulk_update(changed, [*fields, "level", "parent"], batch_size=500)
        # Not every database returns primary keys from bulk_create: read them
        # back so that the next level can point at its parents.
        ids.update(queryset.filter(level=level).values_list("code", "pk"))
    return counts


def _assign_changes(obj, values):
    """Set the attributes that differ; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def mark_pilot_regions(entries):
    """Flag the pilot regions; the pilot file is the complete list, so stale flags are cleared."""
    result = PilotResult()
    regions = Region.objects.in_bulk([entry.code for entry in entries], field_name="code")
    changed = []
    for entry in entries:
        region = regions.get(entry.code)
        if region is None:
            result.skipped.append(entry)
            continue
        result.flagged.append(entry.code)
        values = {"industrial_transition_pilot": True, "pilot_note": entry.note}
        if _assign_changes(region, values):
            changed.append(region)
    Region.objects.bulk_update(changed, ["industrial_transition_pilot", "pilot_note"])
    result.changed = len(changed)
    stale = Region.objects.filter(industrial_transition_pilot=True).exclude(code__in=result.flagged)
    result.cleared = sorted(stale.values_list("code", flat=True))
    stale.update(industrial_transition_pilot=False, pilot_note="")
    return result


def set_categories(categories):
    """Set the cohesion category and its source of the listed regions; others keep theirs."""
    counts = Counts()
    regions = Region.objects.in_bulk(list(categories), field_name="code")
    changed = [
        region
        for code, region in regions.items()
        if _assign_changes(
            region,
            {"cohesion_category": categories[code][0], "cohesion_source_url": categories[code][1]},
        )
    ]
    Region.objects.bulk_update(changed, ["cohesion_category", "cohesion_source_url"])
    counts.updated = len(changed)
    counts.unchanged = len(regions) - len(changed)
    return counts


def _write_priorities(nace, nabs):
    return {
        PriorityScheme.NACE: sync_tree(
            Priority, nace, PRIORITY_FIELDS, scope={"scheme": PriorityScheme.NACE}
        ),
        PriorityScheme.NABS: sync_tree(
            Priority, nabs, PRIORITY_FIELDS, scope={"scheme": PriorityScheme.NABS}
        ),
    }


def load_reference_data(
    *,
    nuts_file=NUTS_FILE,
    pilot_file=PILOT_FILE,
    categories_file=CATEGORIES_FILE,
    names_file=NAMES_FILE,
    nace_file=NACE_FILE,
    nabs_file=NABS_FILE,
):
    """Validate every file, then import them all in one transaction; return a LoadReport."""
    nuts = parse_nuts(nuts_file)
    if names_file:
        nuts = _with_english_names(nuts, parse_names(names_file, nuts))
    pilot = parse_pilot(pilot_file)
    categories = parse_categories(categories_file, nuts) if categories_file else None
    nace, nabs = parse_nace(nace_file), parse_nabs(nabs_file)
    with transaction.atomic():
        region_counts = sync_tree(Region, nuts, REGION_FIELDS)
        file_codes = {row.code for row in nuts}
        report = LoadReport(
            regions=region_counts,
            regions_not_in_file=len(
                set(Region.objects.values_list("code", flat=True)) - file_codes
            ),
            pilot=mark_pilot_regions(pilot),
            categories=set_categories(categories) if categories is not None else None,
            priorities=_write_priorities(nace, nabs),
        )
    return report
