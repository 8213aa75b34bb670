"""Request parameters: every parser names what is wrong and what is accepted."""
import pytest

from edge import parameters


def test_parse_weights_defaults_to_equal_weights():
    assert parameters.parse_weights("") == {"privacy": 1, "political_ties": 1, "safety": 1, "deprecation": 1}


def test_parse_weights_unnamed_categories_get_zero():
    assert parameters.parse_weights("privacy:3, safety:1") == {
        "privacy": 3, "political_ties": 0, "safety": 1, "deprecation": 0,
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
        ("privacy:0", "above 0"),
    ],
)
def test_parse_weights_explains_what_is_wrong(text, fragment):
    with pytest.raises(parameters.ParameterError) as error:
        parameters.parse_weights(text)
    assert fragment in str(error.value)
