"""The pages' front-end assets are served (from npm's built files, through WhiteNoise), and nothing else of
node_modules is."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _assets_the_templates_use() -> set[str]:
    found: set[str] = set()
    for template in TEMPLATES.rglob("*.html"):
        found |= set(re.findall(r"{% static '([^']+)' %}", template.read_text(encoding="utf-8")))
    return found


def test_every_asset_a_template_uses_is_served() -> None:
    assets = _assets_the_templates_use()
    assert {a for a in assets if a.startswith("vendor/")}, "the templates use npm assets"
    client = Client()
    for asset in sorted(assets):
        response = client.get(static(asset))
        assert response.status_code == 200, asset
        response.close()


@pytest.mark.parametrize("path", ["vendor/htmx.org/package.json", "vendor/@utrecht/button-css/package.json"])
def test_the_rest_of_node_modules_is_not_served(path: str) -> None:
    assert (Path(settings.NODE_MODULES) / path.removeprefix("vendor/")).is_file(), "the file exists in node_modules"
    assert Client().get(static(path)).status_code == 404
