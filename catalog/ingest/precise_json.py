"""Django's JSON serializer, keeping microseconds.

DjangoJSONEncoder cuts datetimes to milliseconds (an ECMAScript habit), so a dump and restore
would change every timestamp slightly. Backups must restore an identical catalog.
"""
import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class PreciseEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseEncoder


Deserializer = django_json.Deserializer
