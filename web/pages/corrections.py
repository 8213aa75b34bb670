"""Suggest a correction: the one page with a form that posts, so the one that sets a cookie (CSRF).

Whatever refuses a post (its fields, the rate limit, an expired security token), the form comes
back with what the person typed, and nothing is saved.
"""
import math

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from edge import ratelimit
from web.forms import CorrectionForm
from web.picker import assistant_picker

LIMIT = 5  # posts per client...
WINDOW = 600  # ...per ten minutes


def _form_page(request, form, picker, status=200, refused="", minutes=0):
    """The form page; `refused` ("throttled", "expired") says why a post was not taken."""
    context = {
        "form": form,
        "picker": picker,
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
        "refused": refused,
        "minutes": minutes,
    }
    return render(request, "catalog/correction_form.html", context, status=status)


def _typed_back(request):
    """The form filled with what was posted, not validated: the post was refused before."""
    picker = assistant_picker("", [request.POST.get("assistant")])
    typed = {name: request.POST.get(name, "") for name in CorrectionForm.Meta.fields}
    return CorrectionForm(initial=typed, offered=picker.options), picker


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def new_correction(request):
    if request.method == "POST":
        allowed, seconds_left = ratelimit.hit(
            f"ratelimit:corrections-page:{ratelimit.client_fingerprint(request)}", LIMIT, WINDOW
        )
        retry_after = math.ceil(seconds_left)
        if not allowed:
            form, picker = _typed_back(request)
            minutes = max(1, round(retry_after / 60))
            response = _form_page(request, form, picker, 429, "throttled", minutes)
            response["Retry-After"] = str(retry_after)
            return response
        picker = assistant_picker("", [request.POST.get("assistant")])
        form = CorrectionForm(request.POST, offered=picker.options)
        if form.is_valid():
            form.save()  # review defaults to pending
            # 303: the browser follows with a GET, so a reload never posts twice.
            here = reverse("pages:correction-new", current_app=request.resolver_match.namespace)
            response = HttpResponseRedirect(f"{here}?sent=1")
            response.status_code = 303
            return response
        return _form_page(request, form, picker, 400)
    initial = {name: request.GET[name] for name in ("assistant", "criterion") if request.GET.get(name)}
    picker = assistant_picker(request.GET.get("find", ""), [initial.get("assistant")])
    return _form_page(request, CorrectionForm(initial=initial, offered=picker.options), picker)


@never_cache
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted without its security cookie or with a stale one.

    The corrections form comes back with the typed text and a fresh token; any other form
    (the admin's) gets a page that names no particular form."""
    match = request.resolver_match
    if match is not None and match.url_name == "correction-new":
        form, picker = _typed_back(request)
        return _form_page(request, form, picker, 403, "expired")
    return render(request, "403_csrf.html", {"again": request.get_full_path()}, status=403)
