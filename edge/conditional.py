"""Conditional requests, Cache-Control and the response cache: one mechanism for every surface.

Every public response (page, embed, feed, API read) changes only when the catalog does, so one
counter, the catalog revision (catalog.revision), keys all of it (the response cache of the
busiest pages keys on the scopes of the catalog they are made from instead, catalog.scopes):
- ETag: one recipe, `revision_etag(request, variant, *qualifiers)`, with a named variant per
  surface ("page" and "api" follow the reader's language; an "embed" URL holds its language
  and every other option). A record edited through the API carries `record_etag` of its own
  representation instead, which editors send back in If-Match;
- Last-Modified: when the revision last changed;
- Cache-Control: one policy per kind of response (POLICIES), and one test of whether a request
  is personal (`is_personal`): personal requests are never served or stored shared copies;
- the response cache: an anonymous GET is answered from a stored copy of the rendered response,
  kept under `cache_key(request)` (which names the revision) until the catalog changes. A
  client revalidating gets a 304 from the stored validators, without loading the body.

A publish bumps the revision, so old ETags stop matching and old cache entries are never read
again (they expire on their own): there is nothing to purge.
"""
import datetime
import hashlib
import json
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseNotModified, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import condition

from catalog import revision, timemachine
from edge.parameters import ParameterError

# Bump when templates or serializers change shape, so old ETags stop matching.
REPRESENTATION_VERSION = "1"
# Bump when an embed template or badge changes shape.
EMBED_VERSION = "1"


# --- the revision and the ETag recipe ------------------------------------------------------


def revision_for(request):
    """(number, changed_at) of the catalog, read once per request.

    Under `as_of` (edge.asof) the "number" names the snapshot and the date asked instead, so
    ETags and cache keys of the past never meet today's.
    """
    cached = getattr(request, "_candor_revision", None)
    if cached is None:
        as_of = getattr(request, "as_of", None)
        if as_of is not None:
            cached = (as_of.tag, as_of.snapshot.published or as_of.snapshot.moment)
        else:
            cached = revision.current()
        request._candor_revision = cached
    return cached


def language():
    return get_language() or "en"


def today():
    """Today; under as_of, the day of the moment read, so a countdown reads as it stood then
    (and, like every past answer, never changes)."""
    moment = timemachine.moment_read()
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


def _in_the_readers_language(number):
    return f"r{number}-{language()}-v{REPRESENTATION_VERSION}"


def _as_its_url_says(number):
    # An embed's URL holds its language (`lang`) and every other option: the reader's
    # Accept-Language does not change it.
    return f"e{number}-v{REPRESENTATION_VERSION}.{EMBED_VERSION}"


# variant -> the head of its ETag for revision `number`; one recipe, the variants differ only
# in what else shapes their bytes.
VARIANTS = {"page": _in_the_readers_language, "api": _in_the_readers_language, "embed": _as_its_url_says}


def revision_etag(request, variant, *qualifiers):
    """The ETag of a public response: the revision, the representation, then what else shapes it.

    One URL may answer in several representations (JSON or CSV, the editors' view or the
    public one, a countdown on another day); each qualifier keeps them apart, or a cache would
    hand one out for another.
    """
    head = VARIANTS[variant](revision_for(request)[0])
    return "-".join([head, *qualifiers])


def address_digest(request):
    """A short digest of the path and query (an embed's options)."""
    return hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]


def record_etag(data):
    """A strong ETag from a record's representation: any change to it gives a new one."""
    body = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])


def last_modified(request, *args, **kwargs):
    return revision_for(request)[1]


def _daily_last_modified(request, *args, **kwargs):
    start_of_day = timezone.make_aware(datetime.datetime.combine(today(), datetime.time.min))
    return max(last_modified(request), start_of_day)


def conditional(variant, *, daily=False):
    """Django's `condition` with the revision ETag of a page or embed: 304 when unchanged.

    `daily` responses (countdowns) also change at midnight: their ETag names the day.
    """

    def day():
        return [today().isoformat()] if daily else []

    if variant == "embed":
        return condition(
            etag_func=lambda request, *a, **kw: revision_etag(request, variant, address_digest(request), *day())
        )
    return condition(
        etag_func=lambda request, *a, **kw: revision_etag(request, variant, *day()),
        last_modified_func=_daily_last_modified if daily else last_modified,
    )


def answer(request, etag, produce, modified=None):
    """A 304 when the client holds `etag` (or nothing changed since `modified`), else
    `produce()`; the validators go on both. For views that know their ETag only inside (the
    API, once DRF has negotiated the format)."""
    etag = quote_etag(etag)
    timestamp = int(modified.timestamp()) if modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp) or produce()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if modified:
            response["Last-Modified"] = http_date(timestamp)
    return response


# --- Cache-Control -------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """Public lifetimes (seconds): for the browser, for shared caches, and stale-while-revalidate."""

    max_age: int
    shared_max_age: int
    stale: int
    errors: "Policy | None" = None  # for 4xx answers; None: errors get no public Cache-Control


SHORT = Policy(60, 60, 0)  # errors: a fix shows quickly
POLICIES = {
    "page": Policy(60, 300, 600),
    "api": Policy(60, 300, 600),
    # Embeds and badges are what CDNs are put in front of.
    "embed": Policy(300, 900, 3600, errors=SHORT),
    # The embed builder: its 400 is the form again, showing what to change.
    "builder": Policy(60, 300, 600, errors=Policy(60, 300, 600)),
    # widget.js changes only with a deploy.
    "script": Policy(3600, 86400, 86400),
}


def is_personal(request):
    """True when the request carries credentials: its answer may be the caller's own."""
    return "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES


def cache_control(response, kind, *, personal=False):
    """The Cache-Control of `kind` (POLICIES); private and uncached when `personal`."""
    policy = POLICIES[kind] if response.status_code < 400 else POLICIES[kind].errors
    if personal:
        patch_cache_control(response, private=True, no_cache=True)
    elif policy is not None:
        patch_cache_control(
            response,
            public=True,
            max_age=policy.max_age,
            s_maxage=policy.shared_max_age,
            stale_while_revalidate=policy.stale,
        )
    else:
        return response
    patch_vary_headers(response, ["Accept-Language"])
    return response


def with_policy(kind):
    """Decorate a view: its answers get the Cache-Control of `kind`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return cache_control(view(request, *args, **kwargs), kind)

        return wrapped

    return decorator


# --- the response cache --------------------------------------------------------------------

RESPONSE_SECONDS = 3600
# Each process keeps a bounded copy of what it fetched from the shared cache (Redis): keys name
# the revision, so an entry never changes once written. Configured only when the default cache
# is shared (settings.CACHES["process"]); a local-memory default is already in the process.
PROCESS_ALIAS = "process"
# What a 304 must repeat (RFC 9110 15.4.5); kept apart from the body so that revalidating
# never loads the stored response.
VALIDATOR_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language")


# --- which query parameters an answer depends on ------------------------------------------


class ReadQueryDict(QueryDict):
    """request.GET that notes which parameters the view (and its templates) read.

    An answer depends only on the parameters read while it was made, so those are all its cache
    key names: `?utm=...` or any other parameter nobody reads adds no cache entry. A view that
    looks at the whole query (iterates, copies, counts it) depends on all of it.
    """

    def __init__(self, query_string=None, mutable=False, encoding=None):
        super().__init__(query_string, mutable=mutable, encoding=encoding)
        self._reads = {"names": set(), "all": False}  # shared with copies: their reads count

    @classmethod
    def of(cls, source, mutable=False, reads=None):
        query = cls(mutable=True)
        for name, values in (QueryDict.lists(source) if isinstance(source, QueryDict) else source.lists()):
            query.setlist(name, list(values))
        query._mutable = mutable
        if reads is not None:
            query._reads = reads
        return query

    @property
    def read(self):
        return self._reads["names"]

    @property
    def read_all(self):
        return self._reads["all"]

    @read_all.setter
    def read_all(self, value):
        self._reads["all"] = value

    def _note(self, name):
        self.read.add(name)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    # Whatever looks at the whole query depends on all of it.
    def __iter__(self):
        self.read_all = True
        return super().__iter__()

    def __len__(self):
        self.read_all = True
        return super().__len__()

    def keys(self):
        self.read_all = True
        return super().keys()

    def items(self):
        self.read_all = True
        return super().items()

    def values(self):
        self.read_all = True
        return super().values()

    def lists(self):
        self.read_all = True
        return super().lists()

    def dict(self):
        self.read_all = True
        return super().dict()

    def copy(self):
        # A copy to adjust (a form's data): what is read from it is read from the request.
        return ReadQueryDict.of(self, mutable=True, reads=self._reads)

    def urlencode(self, safe=None):
        self.read_all = True
        return super().urlencode(safe)


def read_query(request):
    """The query string of the parameters read so far, in their order: links that keep "the
    current options" (the language switcher, oEmbed discovery) keep only those."""
    query = request.GET
    if not isinstance(query, ReadQueryDict) or query.read_all:
        return request.META.get("QUERY_STRING", "")
    kept = QueryDict(mutable=True)
    for name, values in QueryDict.lists(query):
        if name in query.read:
            kept.setlist(name, values)
    return QueryDict.urlencode(kept)


def read_url(request):
    """The absolute address of the request with only the parameters read so far."""
    query = read_query(request)
    return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")


def _made_from(request, scopes):
    """The state an answer is keyed under: the catalog revision, or, for a view that names the
    scopes it is made from (catalog.scopes), those scopes' numbers, so that a publish elsewhere
    leaves it valid. The past (as_of) is keyed by its snapshot."""
    if scopes is None or getattr(request, "as_of", None) is not None:
        return f"r{revision_for(request)[0]}"
    row, numbers = revision.scope_numbers(scopes)
    if getattr(request, "_candor_revision", None) is None:
        request._candor_revision = row  # read in the same query: the ETag needs no other
    return "s" + ",".join(f"{name}={numbers[name]}" for name in scopes)


def _answer_key(request, parameters, state=None):
    """The key of the answer to `request` given that it depends on `parameters` (None: all)
    and was made from the catalog `state` (_made_from; None: the whole revision)."""
    if parameters is None:
        address = request.build_absolute_uri()
    else:
        query = QueryDict.lists(request.GET) if isinstance(request.GET, ReadQueryDict) else request.GET.lists()
        values = dict(query)
        address = request.build_absolute_uri(request.path) + "?" + json.dumps(
            [[name, values.get(name)] for name in sorted(parameters)]
        )
    varying = "\n".join([address, language(), request.META.get("HTTP_ACCEPT", ""), state or _made_from(request, None)])
    digest = hashlib.sha256(varying.encode()).hexdigest()[:32]
    return f"response:v{REPRESENTATION_VERSION}:{digest}"


def cache_key(request):
    """Everything that can change a public response's bytes: address (host included, since API
    pagination links are absolute), language, Accept, revision."""
    return _answer_key(request, None)


def _parameters_key(request):
    # Which parameters a path's answers read: a fact about the code, not the catalog, so it is
    # kept across publishes (a deploy that reads new parameters bumps REPRESENTATION_VERSION).
    address = request.build_absolute_uri(request.path)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"response-parameters:v{REPRESENTATION_VERSION}:{digest}"


def _parameters_read(request):
    """The parameters answers at this path were seen to read: a set, "all", or None (unknown)."""
    known = stored(_parameters_key(request))
    if known is None or known == "all":
        return known
    return set(known)


def _learn_parameters(request, query, known):
    """Add what this answer read to what the path's answers read; the set to key it by."""
    if query.read_all or known == "all":
        learnt = "all"
    else:
        learnt = sorted(query.read | (known or set()))
    if learnt != (sorted(known) if isinstance(known, set) else known):
        store({_parameters_key(request): learnt})
    return None if learnt == "all" else set(learnt)


def _process_copy():
    return caches[PROCESS_ALIAS] if PROCESS_ALIAS in settings.CACHES else None


def stored(key):
    """The entry under `key`: from this process's copy, else from the shared cache."""
    process = _process_copy()
    if process is not None:
        value = process.get(key)
        if value is not None:
            return value
    value = shared_cache.get(key)
    if value is not None and process is not None:
        process.set(key, value)
    return value


def store(entries, timeout=RESPONSE_SECONDS):
    shared_cache.set_many(entries, timeout)
    process = _process_copy()
    if process is not None:
        process.set_many(entries)


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.has_header("ETag")
        and not response.cookies
    )


def _keep(key, rendered):
    if _storable(rendered):
        validators = {name: rendered[name] for name in VALIDATOR_HEADERS if rendered.has_header(name)}
        store({key: rendered, key + ":validators": validators})


def _client_has(request, validators):
    """True when If-None-Match names the stored ETag (weak comparison, as for GET)."""
    sent = request.META.get("HTTP_IF_NONE_MATCH", "")
    etag = validators.get("ETag", "").removeprefix("W/")
    return bool(etag) and any(tag.strip().removeprefix("W/") in (etag, "*") for tag in sent.split(","))


def _not_modified(validators):
    response = HttpResponseNotModified()
    for name, value in validators.items():
        response[name] = value
    return response


def _admit_everyone(request):
    return True


def cached(view=None, *, admit=_admit_everyone, whole_query=False, made_from=None):
    """Decorate a view: anonymous GETs are answered from the stored copy of its rendered
    response until the catalog revision changes, or, when `made_from(request, *args,
    **kwargs)` names the scopes of the catalog the answer is made from (catalog.scopes), until
    one of those changes.

    Only 200s with an ETag are kept, keyed by the query parameters the answers at that path
    read (ReadQueryDict): parameters no answer reads add no entry; `whole_query` keys by all of
    them (the API, whose links repeat the query as sent). `admit(request)` is asked
    before a stored answer is given (the API counts it against the rate limit); when it
    refuses, the view runs and says why.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or is_personal(request):
                return view(request, *args, **kwargs)
            known = "all" if whole_query else _parameters_read(request)
            # Read before the view: the scopes' numbers come with the revision in one query.
            state = _made_from(request, made_from(request, *args, **kwargs) if made_from else None)
            copy = None
            if known is not None:
                key = _answer_key(request, None if known == "all" else known, state)
                if "HTTP_IF_NONE_MATCH" in request.META:
                    validators = stored(key + ":validators")
                    if validators and _client_has(request, validators) and admit(request):
                        return _not_modified(validators)
                copy = stored(key)
                if copy is not None and admit(request):
                    modified = parse_http_date_safe(copy.get("Last-Modified", ""))
                    return get_conditional_response(
                        request, etag=copy["ETag"], last_modified=modified, response=copy
                    )
            query = None
            if not whole_query:
                query = request.GET = ReadQueryDict.of(request.GET)
            response = view(request, *args, **kwargs)
            if copy is None:

                def keep(rendered):
                    if _storable(rendered):
                        parameters = None if whole_query else _learn_parameters(request, query, known)
                        _keep(_answer_key(request, parameters, state), rendered)

                if getattr(response, "is_rendered", True) is False:
                    response.add_post_render_callback(keep)
                else:
                    keep(response)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


def public_resource(kind, *, daily=False, made_from=None):
    """Decorate a page or embed view: the ETag of its kind and a 304 when unchanged, the Cache-
    Control of its kind, and (unless `daily`: countdowns change at midnight) the response cache,
    keyed by what `made_from` names (see `cached`)."""

    def decorator(view):
        answering = conditional(kind, daily=daily)(view)
        if not daily:
            answering = cached(answering, made_from=made_from)
        return with_policy(kind)(answering)

    return decorator


# --- preconditions on writes (If-Match) ----------------------------------------------------


class PreconditionRequired(ParameterError):
    status = 428
    default_code = "precondition_required"

    def __init__(self):
        super().__init__(
            "If-Match",
            "send If-Match with the ETag of your last GET of this record, so that you never "
            "overwrite a change you have not seen",
            "the ETag header of GET on this record",
        )


class PreconditionFailed(ParameterError):
    status = 412
    default_code = "precondition_failed"

    def __init__(self):
        super().__init__(
            "If-Match",
            "the record changed since you read it; GET it again, reapply your change and retry",
            "the current ETag of the record",
        )
