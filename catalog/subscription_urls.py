from django.urls import path

from . import subscription_views

urlpatterns = [
    path("confirm/<uuid:token>/", subscription_views.confirm, name="subscription-confirm"),
    path("unsubscribe/<uuid:token>/", subscription_views.unsubscribe, name="subscription-unsubscribe"),
]
