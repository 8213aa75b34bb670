"""Request parameters: every parser names what is wrong and what is accepted."""
import pytest

from edge import parameters


def test_parse_weights_defaults_to_equal_weights():
    assert parameters.parse_weights("") == {"privacy": 1, "political_ties": 1, "safety": 1, "deprecation": 1}


def test_parse_weights_a_category_left_out_keeps_its_default_weight():
    assert parameters.parse_weights("privacy:3") == {
        "privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1,
    }


def test_parse_weights_only_an_explicit_zero_leaves_a_category_out():
    assert parameters.parse_weights("privacy:3, safety:0") == {
        "privacy": 3, "political_ties": 1, "safety": 0, "deprecation": 1,
    }


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("privacy", "category:weight"),
        ("speed:3", "categories: privacy, political_ties, safety, deprecation"),
        ("privacy:x", "from 0 to 100"),
        ("privacy:-1", "from 0 to 100"),
        ("privacy:1000", "from 0 to 100"),
        ("privacy:nan", "from 0 to 100"),
        ("privacy:0,political_ties:0,safety:0,deprecation:0", "above 0"),
        ("privacy:1,privacy:2", "category:weight"),
    ],
)
def test_parse_weights_explains_what_is_wrong(text, fragment):
    with pytest.raises(parameters.ParameterError) as error:
        parameters.parse_weights(text)
    assert fragment in str(error.value)
