"""The investment pipeline dashboard: its page, a CSV per table and the figures as JSON."""

from django.http import Http404, JsonResponse
from django.shortcuts import render

from s3p_portal.csv_export import csv_response
from s3p_portal.public_cache import cache_for_visitors

from .maps import projects_map
from .pipeline import chart, pipeline_figures


@cache_for_visitors
def pipeline(request):
    figures = pipeline_figures()
    tables = [{"table": table, "chart": chart(table)} for table in figures["tables"]]
    context = {"tables": tables, "headline": figures["headline"], "region_map": projects_map()}
    return render(request, "projects/pipeline.html", context)


@cache_for_visitors
def pipeline_csv(request, key):
    for table in pipeline_figures()["tables"]:
        if table.key == key:
            return csv_response(f"pipeline-{key}.csv", table.columns, table.rows)
    raise Http404


@cache_for_visitors
def pipeline_json(request):
    """The dashboard's figures for scripts and the API; money as strings, exact to the cent."""
    figures = pipeline_figures()
    headline = {k: str(v) for k, v in figures["headline"].items()}
    return JsonResponse(
        {"headline": headline, "tables": [table.as_dict() for table in figures["tables"]]}
    )
