"""The investment pipeline's figures: published projects, aggregated in the database.

Five grouped queries serve every table, whatever the number of projects:
projects and secured funding by (area, stage) give the stage, area and
funding-gap tables; one query groups projects by country, and one each
groups projects and partners by cohesion category.

Definitions, shown on the page too:
- total investment is the projects' declared total; secured funding is the
  sum of their funding sources marked secured; the funding gap is
  total − secured (negative when funding above the total was confirmed);
- a project's country and cohesion category are its lead region's; a NUTS 3
  region takes its NUTS 2 parent's category (categories exist at NUTS 2
  only); NUTS 0/1 regions and external organisations have none ("not set");
- a partner's category is that of its region (for a cluster, the cluster's
  region); external organisations count as "not set";
- demo projects (`is_demo`) count only when asked for (`include_demo`), so
  that a portal with the demo loaded shows the same figures as one without.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from core.cache import cached_until_write
from core.figures import Percentage
from projects.choices import FundingStatus, ProjectStatus, Stage
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from regions.choices import CohesionCategory

ZERO = Decimal("0.00")
NOT_SET = "not_set"
# Less developed and transition regions are those the platform must help most.
PRIORITY_CATEGORIES = (CohesionCategory.LESS_DEVELOPED, CohesionCategory.TRANSITION)


@dataclass
class Table:
    """One table of the dashboard, with the column its chart shows."""

    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    chart_column: int = 1
    chart_unit: str = ""

    def largest(self, n):
        """This table with only its `n` rows largest in the chart's column (the page's cut)."""
        if len(self.rows) <= n:
            return self
        rows = sorted(self.rows, key=lambda row: row[self.chart_column], reverse=True)[:n]
        return replace(self, rows=rows)

    def as_dict(self):
        return {
            "key": self.key,
            "title": str(self.title),
            "columns": [str(c) for c in self.columns],
            "rows": [[_json_value(v) for v in row] for row in self.rows],
        }


def _json_value(value):
    # Money as a string keeps the cents exact for clients.
    return str(value) if isinstance(value, Decimal) else value


def category_of(prefix):
    """The cohesion category of the region at `prefix`, or of its NUTS 2 parent."""
    return Coalesce(
        NullIf(F(f"{prefix}cohesion_category"), Value("")),
        NullIf(F(f"{prefix}parent__cohesion_category"), Value("")),
    )


def money(value):
    """EUR to the cent: SQLite returns sums without trailing zeros, PostgreSQL with them."""
    return (value or ZERO).quantize(ZERO)


def percent(part, whole):
    if not whole:
        return Percentage("0.0")
    return Percentage((Decimal(part) * 100 / whole).quantize(Decimal("0.1")))


def _published_of(prefix: str, include_demo: bool) -> Q:
    """Published projects (reached through `prefix`), demo ones only when asked for."""
    condition = Q(**{f"{prefix}status": ProjectStatus.PUBLISHED})
    return condition if include_demo else condition & Q(**{f"{prefix}is_demo": False})


def _published(include_demo):
    return InvestmentProject.objects.filter(_published_of("", include_demo)).order_by()


def _by_area_and_stage(include_demo):
    """{(area slug, area name, stage): [projects, total, secured]} in two queries."""
    cells = defaultdict(lambda: [0, ZERO, ZERO])
    projects = _published(include_demo).values("area__slug", "area__name", "stage")
    for row in projects.annotate(n=Count("pk"), total=Sum("total_investment")):
        cell = cells[(row["area__slug"], row["area__name"], row["stage"])]
        cell[0], cell[1] = row["n"], row["total"]
    secured = (
        FundingSource.objects.filter(
            _published_of("project__", include_demo), status=FundingStatus.SECURED
        )
        .order_by()
        .values("project__area__slug", "project__area__name", "project__stage")
        .annotate(total=Sum("amount"))
    )
    for row in secured:
        key = (row["project__area__slug"], row["project__area__name"], row["project__stage"])
        cells[key][2] = row["total"]
    return cells


def money_columns(first):
    return [
        first,
        _("Projects"),
        _("Total investment (EUR)"),
        _("Secured (EUR)"),
        _("Funding gap (EUR)"),
    ]


def _money_row(label, n, total, secured):
    return [label, n, money(total), money(secured), money(total - secured)]


def _sums_by(cells, key):
    """Projects, total investment and secured funding of the cells, added up by `key(cell)`;
    a cell is keyed (area slug, area name, stage)."""
    sums = defaultdict(lambda: [0, ZERO, ZERO])
    for cell, figures in cells.items():
        totals = sums[key(*cell)]
        for i, figure in enumerate(figures):
            totals[i] += figure
    return sums


def _money_table(key, title, first_column, rows):
    return Table(
        key=key,
        title=title,
        columns=money_columns(first_column),
        rows=rows,
        chart_column=2,
        chart_unit="EUR",
    )


def stage_table(cells):
    sums = _sums_by(cells, lambda _slug, _name, stage: stage)
    return _money_table(
        "stage",
        _("Projects and investment by stage"),
        _("Stage"),
        [_money_row(label, *sums[value]) for value, label in Stage.choices],
    )


def area_table(cells):
    sums = _sums_by(cells, lambda _slug, name, _stage: name)
    return _money_table(
        "area",
        _("Projects and investment by thematic area"),
        _("Thematic area"),
        [_money_row(name, *sums[name]) for name in sorted(sums)],
    )


def gap_table(cells):
    """The funding gap of each area at each stage, and the area's total gap."""
    gaps = defaultdict(lambda: dict.fromkeys(Stage.values, ZERO))
    for (_slug, name, stage), (_n, total, secured) in cells.items():
        gaps[name][stage] = total - secured
    rows = [[name, *gaps[name].values(), sum(gaps[name].values(), ZERO)] for name in sorted(gaps)]
    return Table(
        key="gap",
        title=_("Funding gap by thematic area and stage (EUR)"),
        columns=[_("Thematic area"), *Stage.labels, _("All stages")],
        rows=rows,
        chart_column=len(Stage.values) + 1,
        chart_unit="EUR",
    )


def country_table(include_demo):
    rows = (
        _published(include_demo)
        .values("lead_region__country")
        .annotate(n=Count("pk"), total=Sum("total_investment"))
        .order_by("lead_region__country")
    )
    return Table(
        key="country",
        title=_("Projects and investment by country of the lead region"),
        columns=[_("Country"), _("Projects"), _("Total investment (EUR)")],
        rows=[[r["lead_region__country"], r["n"], money(r["total"])] for r in rows],
        chart_column=1,
    )


def _category_label(value):
    if value == NOT_SET:
        return _("Not recorded")
    return CohesionCategory(value).label


def cohesion_table(include_demo):
    projects = {
        row["category"] or NOT_SET: row
        for row in _published(include_demo)
        .annotate(category=category_of("lead_region__"))
        .values("category")
        .annotate(n=Count("pk"), total=Sum("total_investment"))
    }
    partners = {
        row["category"] or NOT_SET: row["n"]
        for row in ProjectPartner.objects.filter(_published_of("project__", include_demo))
        .order_by()
        .annotate(category=category_of("region__"))
        .values("category")
        .annotate(n=Count("pk"))
    }
    all_projects = sum(row["n"] for row in projects.values())
    all_partners = sum(partners.values())
    rows = []
    for value in [*CohesionCategory.values, NOT_SET]:
        n = projects.get(value, {}).get("n", 0)
        total = money(projects.get(value, {}).get("total"))
        p = partners.get(value, 0)
        label = _category_label(value)
        rows.append([label, n, percent(n, all_projects), p, percent(p, all_partners), total])
    return Table(
        key="cohesion",
        title=_("Projects and partners by cohesion category"),
        columns=[
            _("Cohesion category"),
            _("Projects (by lead region)"),
            _("Share of projects (%)"),
            _("Partners"),
            _("Share of partners (%)"),
            _("Total investment (EUR)"),
        ],
        rows=rows,
        chart_column=1,
    )


def headline_of(cohesion):
    """Shares of projects and partners from less developed and transition regions.

    Shares are of those whose region has a recorded category; how many have
    none is said beside them, never folded into either side.
    """
    labels = {CohesionCategory(v).label for v in PRIORITY_CATEGORIES}
    unknown_label = _category_label(NOT_SET)
    mine = [row for row in cohesion.rows if row[0] in labels]
    unknown = [row for row in cohesion.rows if row[0] == unknown_label]
    projects = sum(row[1] for row in cohesion.rows)
    partners = sum(row[3] for row in cohesion.rows)
    unknown_projects = sum(row[1] for row in unknown)
    unknown_partners = sum(row[3] for row in unknown)
    return {
        "projects": projects,
        "partners": partners,
        "project_share": percent(sum(row[1] for row in mine), projects - unknown_projects),
        "partner_share": percent(sum(row[3] for row in mine), partners - unknown_partners),
        "projects_category_unknown": unknown_projects,
        "partners_category_unknown": unknown_partners,
    }


def pipeline_figures(include_demo: bool = False) -> dict:
    """The pipeline's figures and tables; kept in the one cache until a domain row changes.

    Its five queries read every published project, partner and funding
    source, so their cost grows with the data. Demo projects count only
    when `include_demo`; the headline says how many were left out.
    """
    key = "pipeline-figures-with-demo" if include_demo else "pipeline-figures"
    return cached_until_write(key, lambda: _compute_figures(include_demo))


def pipeline_data(include_demo: bool = False) -> dict:
    """The figures as plain data, for the JSON view and the API: money as strings, exact."""
    figures = pipeline_figures(include_demo)
    return {
        "headline": {key: str(value) for key, value in figures["headline"].items()},
        "tables": [table.as_dict() for table in figures["tables"]],
    }


def _compute_figures(include_demo):
    cells = _by_area_and_stage(include_demo)
    cohesion = cohesion_table(include_demo)
    tables = [
        stage_table(cells),
        area_table(cells),
        gap_table(cells),
        country_table(include_demo),
        cohesion,
    ]
    headline = headline_of(cohesion)
    # Published demo projects, counted in the figures or not: pages offer the switch.
    headline["demo_projects"] = InvestmentProject.objects.filter(
        status=ProjectStatus.PUBLISHED, is_demo=True
    ).count()
    return {"tables": tables, "headline": headline}


# Each bar has its label on the line above it and its value beside it: read
# at the size of a phone's screen, where the chart is drawn at its own width.
CHART_WIDTH = 340
ROW_HEIGHT = 42
BAR_THICKNESS = 14
VALUE_SPACE = 110
BAR_AREA = CHART_WIDTH - VALUE_SPACE


def chart(table):
    """Bars of the table's chart column, scaled to the largest, for the SVG template."""
    values = [row[table.chart_column] for row in table.rows]
    largest = max((v for v in values if v > 0), default=0)
    bars = []
    for i, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        width = int(BAR_AREA * value / largest) if largest and value > 0 else 0
        top = i * ROW_HEIGHT
        bars.append(
            {
                "label": row[0],
                "value": value,
                "width": width,
                "label_y": top + 14,
                "y": top + 20,
                "value_y": top + 20 + BAR_THICKNESS - 2,
                "value_x": width + 6,
            }
        )
    return {
        "bars": bars,
        "measure": table.columns[table.chart_column],
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "width": CHART_WIDTH,
        "bar_height": BAR_THICKNESS,
    }
