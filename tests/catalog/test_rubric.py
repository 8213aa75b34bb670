import pytest
from django.core.exceptions import ValidationError

from catalog.rubric import score_value, validate_rubric

MONEY = {
    "bands": [{"max": 0, "score": 100}, {"max": 100000, "score": 75}, {"max": 1000000, "score": 50}],
    "otherwise": 0,
}
NOTICE = {
    "bands": [{"min": 180, "score": 100}, {"min": 60, "score": 60}, {"min": 1, "score": 20}],
    "otherwise": 0,
    "words": {"none_stated": 0},
}


def test_choice_values_map_to_their_scores():
    rubric = {"never": 100, "opt_out": 30}
    assert score_value("choice", rubric, "never") == 100
    assert score_value("choice", rubric, " opt_out ") == 30


def test_unknown_choice_names_the_accepted_values():
    with pytest.raises(ValidationError) as error:
        score_value("choice", {"never": 100, "opt_out": 30}, "sometimes")
    assert "never, opt_out" in error.value.messages[0]


@pytest.mark.parametrize(
    "amount, expected",
    [("0", 100), ("1", 75), ("100000", 75), ("100001", 50), ("1,000,000", 50), ("25000000", 0)],
)
def test_money_bands_are_inclusive_and_ordered(amount, expected):
    assert score_value("money", MONEY, amount) == expected


@pytest.mark.parametrize("days, expected", [("180", 100), ("365", 100), ("60", 60), ("15", 20), ("0", 0)])
def test_notice_bands_use_minimums(days, expected):
    assert score_value("number", NOTICE, days) == expected


def test_numeric_rubric_accepts_its_words():
    assert score_value("number", NOTICE, "none_stated") == 0


def test_non_numbers_are_refused_with_the_accepted_words():
    with pytest.raises(ValidationError) as error:
        score_value("number", NOTICE, "soon")
    assert "none_stated" in error.value.messages[0]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        score_value("money", MONEY, value)


@pytest.mark.parametrize(
    "value_type, rubric",
    [
        ("choice", {}),
        ("choice", {"yes": 101}),
        ("choice", {"yes": -1}),
        ("boolean", {"yes": "100"}),
        ("money", {"bands": []}),
        ("money", {"bands": [{"score": 50}]}),
        ("number", {"bands": [{"min": 1, "score": 500}]}),
        ("colour", {"red": 1}),
    ],
)
def test_invalid_rubrics_are_rejected(value_type, rubric):
    with pytest.raises(ValidationError):
        validate_rubric(value_type, rubric)
