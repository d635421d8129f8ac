"""The proxy and the backend agree, read from the files themselves: the /api/* body cap is the
backend's upload limit (one variable, PMS_IMPORT_MAX_BYTES, one default), and the security headers
the Caddyfile sends are the ones the backend sends itself."""

from __future__ import annotations

import re

from pms.api.middleware import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from pms.settings import Settings
from tests.deploy import compose
from tests.deploy.conftest import COMPOSE_SECRETS
from tests.deploy.dockerfile import FRONTEND_DOCKERFILE, parse
from tests.deploy.test_caddy import CADDYFILE

IMPORT_LIMIT = Settings.model_fields["import_max_bytes"].get_default()


def _api_block() -> str:
    text = CADDYFILE.read_text()
    start = text.index("handle /api/* {")
    return text[start : text.index("\n\t}\n", start)]


def test_the_proxy_caps_api_bodies_at_the_backends_import_limit() -> None:
    assert IMPORT_LIMIT == 104_857_600  # 100 MiB, as README and .env.example say
    match = re.search(r"max_size \{\$PMS_IMPORT_MAX_BYTES:(\d+)\}", _api_block())
    assert match, "the /api/* request_body max_size must come from PMS_IMPORT_MAX_BYTES"
    assert int(match.group(1)) == IMPORT_LIMIT
    # The image runs with the same default.
    image_env = parse(FRONTEND_DOCKERFILE).final.env()
    assert int(image_env["PMS_IMPORT_MAX_BYTES"]) == IMPORT_LIMIT


def test_compose_gives_proxy_and_backend_the_same_limit() -> None:
    services = compose.load(COMPOSE_SECRETS)["services"]
    proxy = services["frontend"]["environment"]["PMS_IMPORT_MAX_BYTES"]
    backend = services["backend"]["environment"]["PMS_IMPORT_MAX_BYTES"]
    assert int(proxy) == int(backend) == IMPORT_LIMIT
    # Changed in .env, it changes for both.
    custom = compose.load({**COMPOSE_SECRETS, "PMS_IMPORT_MAX_BYTES": "5242880"})["services"]
    assert custom["frontend"]["environment"]["PMS_IMPORT_MAX_BYTES"] == "5242880"
    assert custom["backend"]["environment"]["PMS_IMPORT_MAX_BYTES"] == "5242880"
    assert compose.env_example_values()["PMS_IMPORT_MAX_BYTES"] == str(IMPORT_LIMIT)


def test_the_caddyfile_sends_the_backends_content_security_policy() -> None:
    text = CADDYFILE.read_text()
    policies = re.findall(r'Content-Security-Policy "([^"]+)"', text)
    assert policies == [CONTENT_SECURITY_POLICY]


def test_the_caddyfile_sends_the_backends_other_security_headers() -> None:
    text = CADDYFILE.read_text()
    block = text[text.index("\theader {") : text.index("\t}", text.index("\theader {"))]
    sent = {}
    for line in block.splitlines()[1:]:
        name, _, value = line.strip().partition(" ")
        sent[name] = value.strip('"')
    expected = {k: v for k, v in SECURITY_HEADERS.items() if k != "Content-Security-Policy"}
    assert sent == expected
