"""Scores: the stored category scores and overall, how they are computed, and their recompute job.

A criterion's rubric (catalog/rubric.py) turns a value into 0-100; the scores build on that.
"""
