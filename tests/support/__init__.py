"""Facts about the test run, decided once at collection time."""
import os
import shutil
from pathlib import Path

from django.conf import settings

from config.env import env_bool

IN_CI = env_bool("CI", False)
EMBEDDED_RUN = env_bool("CANDOR_EMBEDDED_RUN", False)
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
BROKER_URL = settings.CELERY_BROKER_URL
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")

postgres_only = __import__("pytest").mark.skipif(
    not ON_POSTGRES, reason="PostgreSQL-only behaviour; this run uses SQLite"
)

# A repeat read costs no query for the catalog revision: each process remembers it
# (catalog/revision.py), unless the test's own transaction has bumped it.
WARM_REVISION_QUERIES = 0

# How every browser test starts Debian's Chromium: headless, no network of its own (this
# machine's closed network would refuse its background requests), no first-run screens.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Outside checkers, installed by `make checkers` (npm ci) beside Debian's Java.
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SPECTRAL = NODE_MODULES / ".bin" / "spectral"


def missing_checker(name):
    """Why the outside checker `name` cannot run here, or None when it can."""
    if name == "vnu":
        if not shutil.which("java"):
            return "Java is not installed (apt-get install default-jre-headless)"
        if not VNU_JAR.exists():
            return f"{VNU_JAR} is missing (make checkers)"
    elif name == "spectral":
        if not shutil.which("node"):
            return "Node.js is not installed (apt-get install nodejs npm)"
        if not SPECTRAL.exists():
            return f"{SPECTRAL} is missing (make checkers)"
    else:
        raise ValueError(f"no checker {name!r}")
    return None
