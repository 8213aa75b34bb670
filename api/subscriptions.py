"""Subscriptions and their delivery log, for token holders (`Authorization: Token ...`).

POST /api/v1/subscriptions/ {target_url, secret, follows} creates a signed webhook;
{channel: "email", email, follows} an e-mail subscription that sends nothing until the address
is confirmed. A token holder sees and manages their own subscriptions and deliveries; editors
see every delivery (the log is also in the admin).
"""
import django_filters
from django import forms
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from api.authentication import ThrottledTokenAuthentication
from api.pagination import CatalogPagination
from api.permissions import is_editor
from api.views.base import CatalogViewMixin
from catalog.alerts import notifications, outbound
from catalog.alerts.tasks import send_subscription_confirmation
from catalog.models import Assistant, Delivery, Subscription, Vendor

MAX_ID = 2**63 - 1  # a BigAutoField

FOLLOWS_HELP = (
    "'all', an assistant slug (see /api/v1/assistants/) or a vendor slug (see /api/v1/vendors/); "
    "prefix with assistant: or vendor: when a slug is both"
)


def choice_error(choices):
    return {"invalid_choice": f'"{{input}}" is not one of: {", ".join(choices)}.'}


@extend_schema_field(OpenApiTypes.STR)
class FollowsField(serializers.Field):
    """'all', 'claude', 'anthropic', 'assistant:claude' or 'vendor:anthropic' <-> the three columns."""

    default_error_messages = {"unknown": f"{{value!r}} is not {FOLLOWS_HELP}.", "ambiguous": f"{{value!r}} is ambiguous: {FOLLOWS_HELP}."}

    def to_representation(self, subscription):
        if subscription.follows_all:
            return "all"
        if subscription.assistant_id:
            return f"assistant:{subscription.assistant.slug}"
        return f"vendor:{subscription.vendor.slug}"

    def get_attribute(self, instance):
        return instance

    def to_internal_value(self, value):
        value = str(value).strip()
        if value == "all":
            return {"follows_all": True, "assistant": None, "vendor": None}
        kind, _, slug = value.rpartition(":")
        assistant = Assistant.objects.filter(slug=slug).first() if kind in ("", "assistant") else None
        vendor = Vendor.objects.filter(slug=slug).first() if kind in ("", "vendor") else None
        if assistant and vendor:
            self.fail("ambiguous", value=value)
        if not (assistant or vendor) or kind not in ("", "assistant", "vendor"):
            self.fail("unknown", value=value)
        return {"follows_all": False, "assistant": assistant, "vendor": vendor}


class SubscriptionSerializer(serializers.ModelSerializer):
    channel = serializers.ChoiceField(
        choices=Subscription.Channel.values,
        default=Subscription.Channel.WEBHOOK,
        error_messages=choice_error(Subscription.Channel.values),
    )
    follows = FollowsField(help_text=f"What to hear about: {FOLLOWS_HELP}.")
    secret = serializers.CharField(
        write_only=True, required=False, min_length=16, max_length=200,
        help_text="Webhooks: the key for X-Candor-Signature (HMAC-SHA256); at least 16 characters.",
    )

    class Meta:
        model = Subscription
        fields = ["id", "channel", "target_url", "email", "secret", "follows", "confirmed", "active", "created_at"]
        read_only_fields = ["confirmed", "created_at"]

    def validate_target_url(self, value):
        if value:
            try:
                outbound.resolve_target(value)
            except outbound.RefusedTarget as error:
                raise serializers.ValidationError(f"not accepted: {error}.") from None
        return value

    def validate(self, attrs):
        merged = {**self._current(), **attrs}
        follows = attrs.pop("follows", None)
        if follows:
            attrs.update(follows)
        if merged["channel"] == Subscription.Channel.WEBHOOK:
            missing = {name: "required for a webhook" for name in ("target_url", "secret") if not merged.get(name)}
            if merged.get("email"):
                missing["email"] = "only for channel email"
        else:
            missing = {name: "required for e-mail" for name in ("email",) if not merged.get(name)}
            missing.update({n: "only for channel webhook" for n in ("target_url", "secret") if attrs.get(n)})
        if missing:
            raise serializers.ValidationError(missing)
        return attrs

    def _current(self):
        if self.instance is None:
            return {"channel": Subscription.Channel.WEBHOOK}
        return {name: getattr(self.instance, name) for name in ("channel", "target_url", "email", "secret")}


class SubscriptionViewSet(
    CatalogViewMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your subscriptions. PATCH changes `follows`, `target_url`, `secret` or `active`."""

    queryset = Subscription.objects.none()  # for the schema; get_queryset() picks the owner's
    serializer_class = SubscriptionSerializer
    authentication_classes = [ThrottledTokenAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = CatalogPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return Subscription.objects.filter(owner=self.request.user).select_related("assistant", "vendor")

    def perform_create(self, serializer):
        is_webhook = serializer.validated_data["channel"] == Subscription.Channel.WEBHOOK
        # A webhook's owner chose its address; an e-mail address must confirm it wants mail.
        subscription = serializer.save(owner=self.request.user, confirmed=is_webhook)
        if not is_webhook:
            transaction.on_commit(lambda: send_subscription_confirmation.delay(subscription.id))


class DeliveryFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=Delivery.State.choices, error_messages={"invalid_choice": f"%(value)s is not one of: {', '.join(Delivery.State.values)}."}
    )
    event = django_filters.ChoiceFilter(
        choices=[(e, e) for e in notifications.EVENTS],
        error_messages={"invalid_choice": f"%(value)s is not one of: {', '.join(notifications.EVENTS)}."},
    )
    # An id: a whole number the database's id column can hold (a larger one answered 500).
    subscription = django_filters.NumberFilter(field_name="subscription_id", min_value=1, max_value=MAX_ID)
    subscription.field_class = forms.IntegerField

    class Meta:
        model = Delivery
        fields = ["state", "event", "subscription"]


class DeliverySerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField(help_text="The webhook address or e-mail it was sent to.")

    class Meta:
        model = Delivery
        fields = [
            "id", "subscription", "target", "event", "state", "attempts", "last_status_code",
            "last_error", "created_at", "delivered_at", "payload",
        ]

    def get_target(self, delivery) -> str:
        return delivery.subscription.target_url or delivery.subscription.email


class DeliveryViewSet(CatalogViewMixin, viewsets.ReadOnlyModelViewSet):
    """The delivery log: every event sent (or being sent) to a subscription, newest first."""

    queryset = Delivery.objects.none()  # for the schema; get_queryset() picks what the user may see
    serializer_class = DeliverySerializer
    authentication_classes = [ThrottledTokenAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = CatalogPagination
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = DeliveryFilter

    def get_queryset(self):
        deliveries = Delivery.objects.select_related("subscription").order_by("-created_at")
        if is_editor(self.request):
            return deliveries
        return deliveries.filter(subscription__owner=self.request.user)

