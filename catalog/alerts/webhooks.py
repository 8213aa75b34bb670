"""Webhook deliveries: the body, its signature, and one attempt to send it.

A subscriber checks `X-Candor-Signature: sha256=<hex>` by computing HMAC-SHA256 of the raw
body with its secret, and uses `X-Candor-Delivery` (the Delivery id) as an idempotency key:
a retry of the same delivery carries the same id and the same body.
"""
import hashlib
import hmac
import json

from django.conf import settings

from catalog.alerts import outbound

SIGNATURE_HEADER = "X-Candor-Signature"
EVENT_HEADER = "X-Candor-Event"
DELIVERY_HEADER = "X-Candor-Delivery"


class DeliveryFailed(Exception):
    """The receiver did not acknowledge; `status` is its HTTP status when it answered.

    `permanent` failures (a refused address) are not retried.
    """

    def __init__(self, message, status=None, permanent=False):
        super().__init__(message)
        self.status = status
        self.permanent = permanent


def encode(payload):
    """The exact bytes sent (and signed): compact, key-sorted UTF-8 JSON."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(body, secret):
    """'sha256=<hex HMAC-SHA256 of body with secret>'."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(body, secret, signature):
    """True when `signature` (the header value) matches `body`; constant-time."""
    return hmac.compare_digest(sign(body, secret), signature or "")


def send(delivery):
    """POST one delivery to its subscription's target. Returns the status; raises DeliveryFailed.

    Only a 2xx answer acknowledges the delivery; redirects are not followed.
    """
    subscription = delivery.subscription
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.id),
        SIGNATURE_HEADER: sign(body, subscription.secret),
    }
    try:
        response = outbound.request(
            "POST",
            subscription.target_url,
            body=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            read_limit=0,
        )
    except outbound.RefusedTarget as error:
        raise DeliveryFailed(f"refused: {error}", permanent=True) from error
    except OSError as error:
        raise DeliveryFailed(f"no answer: {error}") from error
    if not 200 <= response.status < 300:
        raise DeliveryFailed(f"answered HTTP {response.status}", status=response.status)
    return response.status
