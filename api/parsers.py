"""The API's JSON parser: strict about what no record can hold.

DRF's parser accepts what PostgreSQL then refuses (a NUL byte in a slug or a key answered 500),
JSON nested deeper than Python's recursion limit (RecursionError, 500) and duplicate keys
(the last one silently wins). This one refuses each with a 400 naming the field.
"""
import codecs
import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from edge.parameters import NUL, ParameterError, nul_byte_error

# No request body of ours nests deeper than a few levels (a list of sources in a record).
MAX_DEPTH = 32


def _refuse_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ParameterError(key, f"{key!r} is given more than once", "each key once", code="duplicate_key")
        seen[key] = value
    return seen


def _check(data):
    """Walk the parsed body without recursion: depth, and NUL in every key and string."""
    pending = [(data, None, 1)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            for key, item in value.items():
                name = key if path is None else f"{path}.{key}"
                if NUL in key:
                    raise nul_byte_error(name)
                pending.append((item, name, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, path, depth + 1) for item in value)
        elif isinstance(value, str) and NUL in value:
            raise nul_byte_error(path)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(text, object_pairs_hook=_refuse_duplicates, parse_constant=_no_constant)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
        except (ValueError, UnicodeDecodeError) as error:
            if isinstance(error, ParameterError):
                raise
            raise ParseError(f"JSON parse error - {error}") from None
        _check(data)
        return data


def _no_constant(name):
    raise ValueError(f"{name} is not a JSON number")
