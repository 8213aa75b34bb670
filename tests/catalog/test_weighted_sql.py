"""The one-node weighted sums write the SQL of the expression trees they replace, so lists,
alternatives and embeds rank and show exactly the same figures (docs/benchmarks.md, "Long tail")."""
import itertools

import pytest

from catalog import comparison
from catalog.models import CATEGORY_KEYS, Assistant
from catalog.scoring import scores

pytestmark = pytest.mark.django_db

WEIGHTINGS = [dict(zip(CATEGORY_KEYS, ws)) for ws in itertools.product([0, 1, 3], repeat=4) if any(ws)]


def sql_of(expression, queryset=None):
    queryset = queryset if queryset is not None else Assistant.objects.all()
    return queryset.annotate(x=expression).values("x").query.sql_with_params()


@pytest.mark.parametrize("weights", WEIGHTINGS, ids=lambda w: ",".join(f"{k}:{v}" for k, v in w.items()))
def test_same_sql_as_the_tree(weights, catalog):
    chosen = {key: float(weight) for key, weight in weights.items() if weight}
    for prefix in ("band_low", "coverage", "band_high"):
        assert sql_of(scores.weighted_column(prefix, chosen)) == sql_of(scores._weighted_column_tree(prefix, chosen))
    assert sql_of(scores.weighted_overall_expression(weights)) == sql_of(scores._weighted_overall_tree(weights))


def test_same_ranking_inside_a_subquery(catalog):
    """alternatives() ranks in a subquery (other table aliases) and shows the winners' figures."""
    leaving = Assistant.objects.get(slug="chatgpt")
    weights = {"privacy": 3, "political_ties": 0, "safety": 1, "deprecation": 2}
    limited = list(comparison.alternatives(leaving, weights, limit=5))
    everyone = list(comparison.alternatives(leaving, weights))
    assert [a.slug for a in limited] == [a.slug for a in everyone[:5]]
    expected = {a.slug: a for a in everyone}
    for row in limited:
        other = expected[row.slug]
        assert (row.weighted_score, row.rank_low, row.rank_high) == (other.weighted_score, other.rank_low, other.rank_high)
    assert any(row.weighted_score is not None for row in limited)
