"""What a backup holds: the catalog with its history, editors and their groups.

References use natural keys (slugs, keys, usernames, content types by name), so a dump loads
into an empty database whatever ids that database hands out to Django's own tables. Primary
keys of catalog rows are kept, so API output after a restore is identical.
Tokens, sessions and admin logs are left out: they are credentials or ephemera.
"""
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "authtoken",
]
INCLUDED_APPS = ["catalog", "auth"]


def dump_options():
    return {"natural_foreign": True, "exclude": EXCLUDED, "indent": None}
