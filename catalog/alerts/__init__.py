"""Alerts to subscribers: which edits are events, what they say, and delivering them once."""
