"""Suggest a correction: the one page with a form that posts, so the one that sets a cookie (CSRF)."""
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
            response = render(
                request,
                "catalog/too_many_requests.html",
                {"minutes": max(1, round(retry_after / 60))},
                status=429,
            )
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
    else:
        initial = {name: request.GET[name] for name in ("assistant", "criterion") if request.GET.get(name)}
        picker = assistant_picker(request.GET.get("find", ""), [initial.get("assistant")])
        form = CorrectionForm(initial=initial, offered=picker.options)
    return render(
        request,
        "catalog/correction_form.html",
        {
            "form": form,
            "picker": picker,
            "sent": request.method == "GET" and request.GET.get("sent") == "1",
        },
        status=400 if form.is_bound else 200,
    )
