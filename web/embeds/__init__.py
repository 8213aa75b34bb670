"""Embeds for campaigns' own sites: iframe pages, the widget.js loader, SVG badges and oEmbed.

Private by construction: no cookie, no request to another host, no analytics. Every option
comes from the URL and is checked against an allowlist, so a URL is also a clean cache key.
"""
