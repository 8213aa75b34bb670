"""CSV exports: the rows of a JSON list page, flattened into columns.

Nested objects become dotted columns (`vendor.slug`, `scores.privacy`); lists of records
become their keys joined by "; " (a source list gives its source keys). Unknown stays empty,
never 0.
"""

import csv
import io

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

from edge.parameters import ParameterError

# Spreadsheets run cells that start with these as formulas; a leading quote disarms them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return value


def label(item):
    """A record in a list cell is named by its key, slug or id."""
    if isinstance(item, dict):
        for name in ("key", "slug", "id"):
            if item.get(name) is not None:
                return str(item[name])
    return str(item)


def flatten(record, prefix=""):
    """[(column, value)] for one JSON record."""
    columns = []
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            columns.extend(flatten(value, f"{name}."))
        elif isinstance(value, list):
            columns.append((name, "; ".join(label(item) for item in value)))
        else:
            columns.append((name, value))
    return columns


def rows_of(data):
    """The records of a paginated page, a bare list, or a single record."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data] if data else []


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        flat_rows = [dict(flatten(row)) for row in rows_of(data)]
        header = []
        for row in flat_rows:
            header.extend(column for column in row if column not in header)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for row in flat_rows:
            writer.writerow([cell(row.get(column)) for column in header])
        return buffer.getvalue().encode(self.charset)


class CatalogContentNegotiation(DefaultContentNegotiation):
    """`?format=` with a format this endpoint lacks is a 400 naming those it has (not a 404)."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            raise ParameterError(
                "format",
                f"this endpoint does not answer in {format!r}",
                [r.format for r in renderers],
            )
        return matching
