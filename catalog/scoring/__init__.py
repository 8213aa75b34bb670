"""Scores: the rubrics that turn a value into 0-100, the stored scores, and their recompute job."""
