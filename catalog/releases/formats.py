"""The three formats of a release, written from the same rows (kinds.read_all):

- JSON: one document, described by a JSON Schema published beside it;
- CSV: one file per kind, zipped with a data dictionary (every column) and the licence;
- SQLite: one table per kind, the natural key as primary key and references as foreign keys
  (by slug or key), plus the data dictionary as a table: ready for Datasette or any SQL client.
Lists (a record's sources) and free-form values (a rubric) are JSON text in CSV and SQLite.
"""
import csv
import datetime
import decimal
import io
import json
import sqlite3
import zipfile

from catalog.releases.kinds import KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SQLITE_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
DICTIONARY_COLUMNS = ["kind", "column", "type", "nullable", "references", "description"]


def plain(value):
    """A value as JSON, CSV and SQLite hold it (dates in ISO 8601, times in UTC with Z)."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def document(header, data):
    """The JSON document: the release's header, then every kind's rows."""
    return {
        **header,
        "records": {kind.name: [{k: plain(v) for k, v in row.items()} for row in data[kind.name]] for kind in KINDS},
    }


def write_json(path, header, data):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document(header, data), out, ensure_ascii=False, separators=(",", ":"))


def _column_schema(column):
    if column.type == "keys":
        return {"type": "array", "items": {"type": "string"}, "description": column.description}
    if column.type == "json":
        return {"description": column.description}
    schema = {
        "string": {"type": "string"},
        "integer": {"type": "integer"},
        "number": {"type": "number"},
        "boolean": {"type": "boolean"},
        "date": {"type": "string", "format": "date"},
        "datetime": {"type": "string", "format": "date-time"},
        "partial_date": {"type": "string", "pattern": PARTIAL_DATE},
    }[column.type]
    if column.nullable:
        schema = {**schema, "type": [schema["type"], "null"]}
    return {**schema, "description": column.description}


def json_schema(schema_url):
    """The JSON Schema (draft 2020-12) of the JSON document."""
    records = {
        kind.name: {
            "type": "array",
            "description": kind.description,
            "items": {
                "type": "object",
                "properties": {column.name: _column_schema(column) for column in kind.columns},
                "required": [column.name for column in kind.columns],
                "additionalProperties": False,
            },
        }
        for kind in KINDS
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_url,
        "title": "A Candor release: the published catalog",
        "type": "object",
        "required": ["release", "catalog_revision", "created_at", "licence", "records"],
        "properties": {
            "release": {"type": "string"},
            "catalog_revision": {"type": "integer", "description": "Pass it as ?since= to /api/v1/changes/."},
            "created_at": {"type": "string", "format": "date-time"},
            "licence": {"type": "object", "required": ["id", "name", "url"]},
            "records": {
                "type": "object",
                "properties": records,
                "required": list(records),
                "additionalProperties": False,
            },
        },
    }


def write_schema(path, schema_url):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(json_schema(schema_url), out, ensure_ascii=False, indent=2)


def dictionary_rows():
    for kind in KINDS:
        for column in kind.columns:
            yield {
                "kind": kind.name,
                "column": column.name,
                "type": column.type,
                "nullable": "yes" if column.nullable else "no",
                "references": f"{column.references}.{_key_of(column.references)}" if column.references else "",
                "description": column.description,
            }


def _key_of(kind_name):
    return next(kind.key for kind in KINDS if kind.name == kind_name)


def _cell(value):
    """A CSV or SQLite cell: lists and objects as JSON text, booleans as 1/0 in SQLite."""
    value = plain(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _csv_text(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else _csv_value(row[c]) for c in columns])
    return out.getvalue()


def _csv_value(value):
    value = _cell(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv_zip(path, data, licence_text):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            archive.writestr(f"{kind.name}.csv", _csv_text([c.name for c in kind.columns], data[kind.name]))
        archive.writestr("datadictionary.csv", _csv_text(DICTIONARY_COLUMNS, list(dictionary_rows())))
        archive.writestr("LICENSE.txt", licence_text)


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _create_table(kind):
    columns = []
    for column in kind.columns:
        sql = f"{_quote(column.name)} {SQLITE_TYPES.get(column.type, 'TEXT')}"
        if column.name == kind.key:
            sql += " PRIMARY KEY"
        elif not column.nullable:
            sql += " NOT NULL"
        if column.references and column.type != "keys":
            sql += f" REFERENCES {_quote(column.references)}({_quote(_key_of(column.references))})"
        columns.append(sql)
    return f"CREATE TABLE {_quote(kind.name)} ({', '.join(columns)})"


def write_sqlite(path, data, licence_text):
    database = sqlite3.connect(path)
    try:
        with database:
            for kind in KINDS:
                database.execute(_create_table(kind))
                names = [c.name for c in kind.columns]
                placeholders = ", ".join("?" for _ in names)
                database.executemany(
                    f"INSERT INTO {_quote(kind.name)} VALUES ({placeholders})",
                    ([_cell(row[name]) for name in names] for row in data[kind.name]),
                )
            database.execute(
                "CREATE TABLE data_dictionary (kind TEXT, \"column\" TEXT, type TEXT, nullable TEXT, "
                "\"references\" TEXT, description TEXT)"
            )
            database.executemany(
                "INSERT INTO data_dictionary VALUES (?, ?, ?, ?, ?, ?)",
                ([row[c] for c in DICTIONARY_COLUMNS] for row in dictionary_rows()),
            )
            database.execute("CREATE TABLE licence (text TEXT)")
            database.execute("INSERT INTO licence VALUES (?)", [licence_text])
        database.execute("VACUUM")
    finally:
        database.close()
