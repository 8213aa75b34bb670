from tests.support.embeds import compiled_translations, demo_campaign  # noqa: F401 (fixtures)
