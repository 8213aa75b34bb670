"""Leaving an assistant: the switching plan (catalog.switching) with the reader's weights."""
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from catalog import selectors
from catalog.models import CATEGORY_KEYS, Assistant, Category
from catalog.scoring import scores as scoring
from catalog.switching import leaving_profile, switch_plan
from edge.parameters import ParameterError
from web.forms import SwitchForm
from web.pages.common import bad_parameters, public_page


@public_page
def switch_index(request):
    """Which assistant are you leaving? Links to every plan; the home page's picker lands here."""
    chosen = request.GET.get("assistant", "").strip()
    if chosen:
        if not Assistant.objects.filter(slug=chosen).exists():
            accepted = list(Assistant.objects.order_by("slug").values_list("slug", flat=True)[:100])
            return bad_parameters(
                request, [ParameterError("assistant", _("No assistant has this slug."), accepted)], status=404
            )
        # In the language of the page it came from (with or without a prefix).
        return redirect(f"{request.path}{chosen}/")
    return render(request, "catalog/switch_index.html", {"assistants": list(selectors.assistant_list())})


@public_page
def switch_page(request, slug):
    try:
        assistant = leaving_profile(slug)
    except Assistant.DoesNotExist:
        raise Http404(_("No assistant has the slug “%(slug)s”.") % {"slug": slug}) from None
    form = SwitchForm(request.GET)
    if not form.is_valid():
        return bad_parameters(request, form)
    weights = form.cleaned_data.get("weights") or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    plan = switch_plan(assistant, weights)
    weights_param = ",".join(f"{key}:{weights.get(key, 0):g}" for key in CATEGORY_KEYS)
    return render(
        request,
        "catalog/switch.html",
        {
            "assistant": assistant,
            "vendor": assistant.vendor,
            "plan": plan,
            "weights": [(key, Category(key).label, weights.get(key, 0)) for key in CATEGORY_KEYS],
            "weights_param": weights_param,
            "custom_weights": weights != scoring.DEFAULT_CATEGORY_WEIGHTS,
        },
    )
