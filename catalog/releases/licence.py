"""The data's licence, stated once: on /data/, in the API root, the page footer and every dump.

CC BY 4.0: anyone may copy, republish and adapt the data, commercially too, if they credit
Candor; attribution is what a sourced catalog needs (README.md, "Licence", says why not ODbL).
"""
from django.utils.translation import gettext_lazy as _

DATA_LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = "Candor, an open catalog of AI assistants (release {release}), CC BY 4.0"
QUOTATIONS = (
    "Quotations from sources (the quote and title columns) remain their authors' and publishers': "
    "they are short quotations, each attributed to its source, and are not covered by this licence."
)
# The same sentence for people, translated (templates show it beside the licence).
QUOTATIONS_TEXT = _(
    "Quotations from sources remain their authors' and publishers': they are short quotations, "
    "each attributed to its source, and this licence does not cover them."
)


def licence_data(release=None):
    """The licence as the API and manifests state it."""
    return {
        **DATA_LICENCE,
        "attribution": ATTRIBUTION.format(release=release or "<release id>"),
        "quotations": QUOTATIONS,
    }


def licence_text(release):
    """LICENSE.txt of a dump."""
    return (
        f"The Candor catalog data in this release ({release}) is licensed under the\n"
        f"{DATA_LICENCE['name']} licence ({DATA_LICENCE['id']}):\n{DATA_LICENCE['url']}\n\n"
        "You may share and adapt it for any purpose, commercially too, if you give credit, link to\n"
        "the licence and say whether you changed it. Credit it as:\n\n"
        f"    {ATTRIBUTION.format(release=release)}\n\n"
        f"{QUOTATIONS}\n"
    )
