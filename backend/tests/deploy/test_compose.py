"""compose.yaml, read as `docker compose` reads it, holds what self-hosting needs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from pms.settings import Settings
from tests.deploy import compose
from tests.deploy.conftest import COMPOSE_SECRETS
from tests.deploy.dockerfile import BACKEND_DOCKERFILE, FRONTEND_DOCKERFILE, parse

CORE = {"frontend", "backend", "db", "redis"}
ONE_OFF = {"backup"}
#: compose-specification service keys this file may use; anything else is a typo compose would
#: reject or, worse, ignore.
KNOWN_SERVICE_KEYS = {
    "build", "image", "restart", "init", "depends_on", "ports", "networks", "cap_drop",
    "security_opt", "healthcheck", "deploy", "logging", "environment", "volumes", "command",
    "shm_size", "profiles", "stop_grace_period",
}  # fmt: skip
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|KEY)$")


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    """The stack as compose runs it with nothing but the one required variable set."""
    return compose.load(COMPOSE_SECRETS)


@pytest.fixture(scope="module")
def services(config: dict[str, Any]) -> dict[str, Any]:
    services: dict[str, Any] = config["services"]
    return services


def test_the_stack_has_its_four_services_and_two_optional_ones(services: dict[str, Any]) -> None:
    assert set(services) == CORE | {"cloudflared", "backup"}
    for name, service in services.items():
        assert set(service) <= KNOWN_SERVICE_KEYS, (name, set(service) - KNOWN_SERVICE_KEYS)


def test_the_project_name_is_fixed_so_volumes_do_not_depend_on_the_folder(
    config: dict[str, Any],
) -> None:
    # Volumes are named <project>_<volume>; a renamed checkout must find its data again.
    assert config["name"] == "pms"


def test_only_the_frontend_publishes_a_port_by_default_8080(services: dict[str, Any]) -> None:
    published = {name: s["ports"] for name, s in services.items() if "ports" in s}
    assert published == {"frontend": ["0.0.0.0:8080:8080"]}


def test_the_published_port_and_address_come_from_env() -> None:
    env = {**COMPOSE_SECRETS, "PMS_HTTP_PORT": "9123", "PMS_HTTP_BIND": "127.0.0.1"}
    assert compose.load(env)["services"]["frontend"]["ports"] == ["127.0.0.1:9123:8080"]


def test_the_published_port_reaches_the_port_caddy_listens_on(services: dict[str, Any]) -> None:
    container_port = services["frontend"]["ports"][0].rsplit(":", 1)[1]
    image_env = parse(FRONTEND_DOCKERFILE).final.env()
    assert container_port == image_env["PMS_LISTEN_PORT"] == "8080"
    assert f"127.0.0.1:{container_port}/" in " ".join(services["frontend"]["healthcheck"]["test"])


def test_every_long_running_service_has_a_healthcheck(services: dict[str, Any]) -> None:
    for name, service in services.items():
        check = service["healthcheck"]
        if name in ONE_OFF:
            assert check == {"disable": True}
            continue
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert len(check["test"]) > 1, name
        for key in ("interval", "timeout", "retries", "start_period"):
            assert key in check, (name, key)


def test_services_start_only_once_what_they_need_is_healthy(services: dict[str, Any]) -> None:
    expected = {
        "frontend": {"backend"},
        "backend": {"db", "redis"},
        "cloudflared": {"frontend"},
        "backup": {"db"},
    }
    for name, needs in expected.items():
        depends = services[name]["depends_on"]
        assert set(depends) == needs, name
        assert {d["condition"] for d in depends.values()} == {"service_healthy"}, name
    assert "depends_on" not in services["db"]
    assert "depends_on" not in services["redis"]


def test_database_files_live_in_a_named_volume(config: dict[str, Any]) -> None:
    db = config["services"]["db"]
    assert db["volumes"] == ["db-data:/var/lib/postgresql/data"]
    assert "db-data" in config["volumes"]
    # /var/lib/postgresql/data is the data directory of the PostgreSQL 16 and 17 images (18 moved it).
    assert re.fullmatch(r"postgres:1[67]\.\d+-alpine", db["image"]), db["image"]


def test_the_backend_keeps_its_data_directory_in_a_named_volume(config: dict[str, Any]) -> None:
    backend = config["services"]["backend"]
    image_env = parse(BACKEND_DOCKERFILE).final.env()
    assert backend["volumes"] == [f"backend-data:{image_env['PMS_DATA_DIR']}"]
    assert "backend-data" in config["volumes"]


def test_redis_is_a_memory_capped_cache_that_writes_nothing(services: dict[str, Any]) -> None:
    redis = services["redis"]
    command = redis["command"]
    options = dict(zip(command[1::2], command[2::2], strict=True))
    assert command[0] == "redis-server"
    assert options == {
        "--maxmemory": "128mb",
        "--maxmemory-policy": "allkeys-lru",
        "--save": "",
        "--appendonly": "no",
    }
    assert "volumes" not in redis
    # Redis's own cap must leave room for its overhead inside the container's limit.
    limit = compose.size_in_bytes(redis["deploy"]["resources"]["limits"]["memory"])
    assert compose.size_in_bytes(options["--maxmemory"]) <= limit * 0.75


def test_every_service_has_a_restart_policy(services: dict[str, Any]) -> None:
    for name, service in services.items():
        expected = "no" if name in ONE_OFF else "unless-stopped"
        assert service["restart"] == expected, name


def test_every_service_has_a_memory_limit_and_the_stack_fits_a_small_machine(
    services: dict[str, Any],
) -> None:
    limits = {
        name: compose.size_in_bytes(s["deploy"]["resources"]["limits"]["memory"])
        for name, s in services.items()
    }
    assert all(limit >= 64 * 1024**2 for limit in limits.values()), limits
    # The four core services together stay under 2 GiB: a 2 GB Raspberry Pi runs the stack.
    assert sum(limits[name] for name in CORE) < 2 * 1024**3


def test_the_optional_services_sit_behind_profiles(services: dict[str, Any]) -> None:
    assert services["cloudflared"]["profiles"] == ["tunnel"]
    assert services["backup"]["profiles"] == ["backup"]
    for name in CORE:
        assert "profiles" not in services[name], name


def test_no_secret_is_written_in_the_compose_file() -> None:
    raw = compose.load_raw()
    for name, service in raw["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key):
                # Exactly one secret variable, with no default that could be a secret itself.
                match = re.fullmatch(r"\$\{([A-Z_]+)(:\?[^}]*|:-)?\}", value)
                assert match, (name, key, value)
                assert SECRET_NAME.search(match.group(1)), (name, key, value)
    url = raw["services"]["backend"]["environment"]["PMS_DATABASE_URL"]
    assert re.search(r":\$\{POSTGRES_PASSWORD:\?[^}]*\}@db:", url), url


def test_the_database_password_is_required_and_reaches_every_user_of_it() -> None:
    with pytest.raises(compose.MissingVariable, match="POSTGRES_PASSWORD"):
        compose.load({})
    marker = "4f1c0e5d9a7b46b8a2c3d4e5f6a7b8c9"
    services = compose.load({"POSTGRES_PASSWORD": marker})["services"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD"] == marker
    assert services["backup"]["environment"]["PGPASSWORD"] == marker
    url = make_url(services["backend"]["environment"]["PMS_DATABASE_URL"])
    assert url.password == marker


def test_the_backend_reaches_db_and_redis_by_service_name(services: dict[str, Any]) -> None:
    env = services["backend"]["environment"]
    url = make_url(env["PMS_DATABASE_URL"])
    db_env = services["db"]["environment"]
    assert (url.drivername, url.host, url.port) == ("postgresql+psycopg", "db", 5432)
    assert (url.username, url.database) == (db_env["POSTGRES_USER"], db_env["POSTGRES_DB"])
    assert env["PMS_REDIS_URL"] == "redis://redis:6379/0"


def test_database_and_cache_are_on_an_internal_network_only(config: dict[str, Any]) -> None:
    services, networks = config["services"], config["networks"]
    assert networks["data"] == {"internal": True}
    assert services["db"]["networks"] == ["data"]
    assert services["redis"]["networks"] == ["data"]
    on_data = {name for name, s in services.items() if "data" in s["networks"]}
    assert on_data == {"db", "redis", "backend", "backup"}
    # The backend needs a way out (market data) and the proxy needs a way to it.
    assert not (networks.get("app") or {}).get("internal")
    assert "app" in services["backend"]["networks"]
    assert "app" in services["frontend"]["networks"]


def test_the_tunnel_takes_its_token_from_env_and_reaches_only_the_frontend(
    services: dict[str, Any],
) -> None:
    tunnel = services["cloudflared"]
    assert tunnel["command"] == ["tunnel", "--no-autoupdate", "run"]
    assert compose.load_raw()["services"]["cloudflared"]["environment"]["TUNNEL_TOKEN"] == (
        "${TUNNEL_TOKEN:-}"
    )
    assert tunnel["networks"] == ["edge"]
    assert "edge" in services["frontend"]["networks"]
    # Its healthcheck asks the metrics server it is told to open.
    metrics = tunnel["environment"]["TUNNEL_METRICS"]
    assert tunnel["healthcheck"]["test"][-3:] == ["--metrics", metrics, "ready"]


def test_the_backup_job_dumps_with_the_servers_own_pg_dump_into_backups(
    services: dict[str, Any],
) -> None:
    backup = services["backup"]
    assert backup["image"] == services["db"]["image"]
    assert backup["volumes"] == ["./backups:/backups"]
    assert backup["environment"]["PGHOST"] == "db"
    script = backup["command"][-1]
    assert "pg_dump --format=custom" in script
    assert "/backups/pms-" in script


def test_the_backend_runs_several_workers_by_default(services: dict[str, Any]) -> None:
    assert int(services["backend"]["environment"]["PMS_WORKERS"]) >= 2
    assert services["backend"]["init"] is True


def test_backend_defaults_are_the_applications_own(services: dict[str, Any]) -> None:
    """A setting compose passes through must mean what it means without compose."""
    env = services["backend"]["environment"]
    # Deliberate differences: the addresses of the stack, JSON logs for a log collector, and the
    # proxy as the only client whose forwarded addresses are trusted.
    deliberate = {
        "PMS_DATABASE_URL",
        "PMS_REDIS_URL",
        "PMS_LOG_FORMAT",
        "PMS_WORKERS",
        "PMS_FORWARDED_ALLOW_IPS",
    }
    fields = Settings.model_fields
    for key, value in env.items():
        if key in deliberate:
            continue
        name = key.removeprefix("PMS_").lower()
        assert name in fields, key
        parsed = getattr(Settings.model_validate({name: value}), name)
        assert parsed == fields[name].get_default(call_default_factory=True), key


def test_env_example_documents_every_variable_and_every_setting() -> None:
    documented = compose.env_example_documented()
    used = compose.variables_used(compose.COMPOSE_FILE.read_text())
    settings = {f"PMS_{name.upper()}" for name in Settings.model_fields}
    assert used <= documented, used - documented
    assert settings <= documented, settings - documented
    # ...and nothing that is neither (a stale line would mislead).
    assert documented <= used | settings, documented - used - settings


def test_a_copy_of_env_example_is_a_working_configuration() -> None:
    values = compose.env_example_values()
    services = compose.load(values)["services"]
    assert services["frontend"]["ports"] == ["0.0.0.0:8080:8080"]
    backend_env = services["backend"]["environment"]
    settings = Settings.model_validate(
        {k.removeprefix("PMS_").lower(): v for k, v in backend_env.items() if k != "PMS_WORKERS"}
    )
    assert settings.database_url == (
        f"postgresql+psycopg://pms:{values['POSTGRES_PASSWORD']}@db:5432/pms"
    )
    assert not settings.embedded
    assert settings.secret_key is None  # generated on the first start, kept in backend-data


def test_env_example_values_are_the_compose_defaults() -> None:
    """Copying the example changes nothing but the password: the file shows the real defaults."""
    with_example = compose.load(compose.env_example_values())
    with_defaults = compose.load(
        {"POSTGRES_PASSWORD": compose.env_example_values()["POSTGRES_PASSWORD"]}
    )
    assert with_example == with_defaults


def test_the_password_placeholder_is_url_safe_like_the_generated_one() -> None:
    # openssl rand -hex 32 gives [0-9a-f]; the placeholder must not need escaping either.
    assert re.fullmatch(r"[A-Za-z0-9-]+", compose.env_example_values()["POSTGRES_PASSWORD"])


def test_build_contexts_hold_their_dockerfiles_and_the_caddyfile(services: dict[str, Any]) -> None:
    backend = compose.REPO_ROOT / services["backend"]["build"]["context"]
    frontend = services["frontend"]["build"]
    assert (backend / "Dockerfile").resolve() == BACKEND_DOCKERFILE
    assert (compose.REPO_ROOT / frontend["context"] / "Dockerfile").resolve() == FRONTEND_DOCKERFILE
    deploy = compose.REPO_ROOT / frontend["additional_contexts"]["deploy"]
    assert (deploy / "Caddyfile").is_file()
    assert "COPY --from=deploy Caddyfile" in FRONTEND_DOCKERFILE.read_text()


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("${A:-x}", {}, "x"),
        ("${A:-x}", {"A": ""}, "x"),
        ("${A-x}", {"A": ""}, ""),
        ("${A:-x}", {"A": "y"}, "y"),
        ("$$(date) $${B}", {}, "$(date) ${B}"),
        ("${A:+set}", {"A": "1"}, "set"),
        ("${A:+set}", {}, ""),
        ("a$A-b", {"A": "1"}, "a1-b"),
    ],
)
def test_interpolation_follows_the_compose_rules(
    text: str, env: dict[str, str], expected: str
) -> None:
    assert compose.interpolate(text, env) == expected


def test_interpolation_refuses_what_compose_refuses() -> None:
    with pytest.raises(compose.MissingVariable):
        compose.interpolate("${A:?needed}", {"A": ""})
    with pytest.raises(ValueError, match="invalid interpolation"):
        compose.interpolate("${A B}", {})


def test_the_self_hosting_guide_names_what_the_stack_defines(config: dict[str, Any]) -> None:
    guide = (compose.REPO_ROOT / "docs" / "self-hosting.md").read_text()
    for volume in config["volumes"]:
        assert f"`{config['name']}_{volume}`" in guide, volume
    for service in config["services"].values():
        for profile in service.get("profiles", []):
            assert f"--profile {profile}" in guide, profile
    # The tunnel's target is the frontend's container port.
    port = config["services"]["frontend"]["ports"][0].rsplit(":", 1)[1]
    assert f"**`frontend:{port}`**" in guide
    assert "cp .env.example .env" in guide
    assert "openssl rand -hex 32" in guide
    assert "openssl rand -base64 48" in guide
