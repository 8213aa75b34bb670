from django.apps import AppConfig


class WebConfig(AppConfig):
    """Pages and embeds; an app so that its template tags ({% load candor %}) are found."""

    name = "web"
    verbose_name = "Pages and embeds"
