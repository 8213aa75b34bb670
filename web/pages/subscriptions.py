"""The two pages an e-mail subscriber reaches from a message: confirm, and unsubscribe.

The token in the address is the credential, so the forms need no session or CSRF cookie
(principle: no cookies for readers). GET only shows the page: mail scanners that follow
links must not confirm or cancel anything; the button POSTs.
"""
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalog.models import Subscription


def _page(request, template, subscription, done):
    return render(request, template, {"subscription": subscription, "done": done})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscription = get_object_or_404(Subscription, confirm_token=token, channel=Subscription.Channel.EMAIL)
    if request.method == "POST" and not subscription.confirmed:
        subscription.confirmed = True
        subscription.save(update_fields=["confirmed"])
    return _page(request, "catalog/subscriptions/confirm.html", subscription, subscription.confirmed)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Also answers one-click unsubscribe (RFC 8058) POSTs from mail clients."""
    subscription = get_object_or_404(Subscription, confirm_token=token)
    if request.method == "POST" and subscription.active:
        subscription.active = False
        subscription.save(update_fields=["active"])
    return _page(request, "catalog/subscriptions/unsubscribe.html", subscription, not subscription.active)
