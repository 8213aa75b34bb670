"""Rubrics: how a criterion's raw value becomes a score from 0 to 100.

Categorical criteria (yes/no, choice, grade) map each accepted value to a score. Numeric
criteria (number, money) use ordered bands; a few numeric criteria also accept words such as
"none_stated" for "the vendor states no figure".
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

CATEGORICAL = {"boolean", "choice", "grade"}
NUMERIC = {"number", "money"}


def _check_score(score, where):
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
        raise ValidationError(f"{where}: score must be an integer from 0 to 100, not {score!r}")


def validate_rubric(value_type, rubric):
    """Raise ValidationError unless the rubric fits the value type."""
    if not isinstance(rubric, dict) or not rubric:
        raise ValidationError("The rubric must be a non-empty mapping.")
    if value_type in CATEGORICAL:
        for value, score in rubric.items():
            _check_score(score, f"rubric value {value!r}")
        return
    if value_type not in NUMERIC:
        raise ValidationError(f"Unknown value type {value_type!r}.")
    bands = rubric.get("bands")
    if not isinstance(bands, list) or not bands:
        raise ValidationError("A numeric rubric needs a non-empty list of bands.")
    for index, band in enumerate(bands):
        if not isinstance(band, dict) or "score" not in band:
            raise ValidationError(f"band {index}: needs a score")
        if "min" not in band and "max" not in band:
            raise ValidationError(f"band {index}: needs a min or a max")
        _check_score(band["score"], f"band {index}")
    _check_score(rubric.get("otherwise", 0), "otherwise")
    for word, score in rubric.get("words", {}).items():
        _check_score(score, f"word {word!r}")


def accepted_values(value_type, rubric):
    """A human description of what values the rubric accepts (for error messages)."""
    if value_type in CATEGORICAL:
        return sorted(rubric)
    words = sorted(rubric.get("words", {}))
    return ["a number"] + words


def parse_number(value):
    try:
        number = Decimal(str(value).replace(",", "").replace("_", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def score_value(value_type, rubric, value):
    """The score of `value` under `rubric`; ValidationError naming accepted values otherwise."""
    text = str(value).strip()
    if value_type in CATEGORICAL:
        if text in rubric:
            return rubric[text]
        raise ValidationError(
            f"{text!r} is not an accepted value; accepted: {', '.join(sorted(rubric))}"
        )
    words = rubric.get("words", {})
    if text in words:
        return words[text]
    number = parse_number(text)
    if number is None:
        accepted = ", ".join(accepted_values(value_type, rubric))
        raise ValidationError(f"{text!r} is not a number; accepted: {accepted}")
    for band in rubric["bands"]:
        low, high = band.get("min"), band.get("max")
        if (low is None or number >= Decimal(str(low))) and (
            high is None or number <= Decimal(str(high))
        ):
            return band["score"]
    return rubric.get("otherwise", 0)
