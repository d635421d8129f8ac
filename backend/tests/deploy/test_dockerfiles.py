"""The two Dockerfiles: pinned multi-arch bases, multi-stage, non-root, a healthcheck, and a build
context that sends only what the image needs."""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import parse_wheel_filename

from tests.conftest import IN_CI
from tests.deploy.compose import REPO_ROOT
from tests.deploy.conftest import ENTRYPOINT
from tests.deploy.dockerfile import BACKEND_DOCKERFILE, FRONTEND_DOCKERFILE, Dockerfile, parse

DOCKERFILES = {"backend": BACKEND_DOCKERFILE, "frontend": FRONTEND_DOCKERFILE}
#: An exact release in the tag (`3.12.12-slim-bookworm`, `22.21.1-alpine3.22`, `2.11.4-alpine`),
#: optionally with a digest.
PINNED = re.compile(r"^[a-z0-9./-]+:\d+\.\d+\.\d+[A-Za-z0-9.-]*(@sha256:[0-9a-f]{64})?$")
#: glibc of Debian bookworm, the base of the backend image.
BOOKWORM_GLIBC_MINOR = 36
#: Packages published as source only, each of which builds without a compiler (the image has none).
SOURCE_ONLY_WITHOUT_COMPILER = {
    # Its setup.py skips its optional C speedups when no compiler is found; NO_SQLITE=1 (set in the
    # build stage) skips its SQLite extension outright.
    "peewee",
}


@pytest.fixture(scope="module", params=sorted(DOCKERFILES))
def dockerfile(request: pytest.FixtureRequest) -> Dockerfile:
    return parse(DOCKERFILES[request.param])


def test_base_images_are_pinned_to_exact_releases(dockerfile: Dockerfile) -> None:
    for stage in dockerfile.stages:
        assert PINNED.match(stage.image), f"{dockerfile.path}: FROM {stage.image}"


def test_builds_are_multi_stage_and_ship_only_the_last_stage(dockerfile: Dockerfile) -> None:
    build, final = dockerfile.stages[0], dockerfile.final
    assert len(dockerfile.stages) >= 2
    assert (build.name, final.name) == ("build", "runtime")
    assert any(arguments.startswith("--from=build ") for arguments in final.all("COPY"))


def test_the_final_stage_installs_and_builds_nothing(dockerfile: Dockerfile) -> None:
    forbidden = re.compile(
        r"\b(apt-get|apk add|pip install|uv |npm|gcc|make|build-essential|build-base)\b"
    )
    for command in dockerfile.final.all("RUN"):
        assert not forbidden.search(command), command


def test_the_final_stage_runs_as_an_unprivileged_user(dockerfile: Dockerfile) -> None:
    final = dockerfile.final
    users = final.all("USER")
    assert users, dockerfile.path
    assert users[-1] not in ("root", "0", "0:0")
    # Nothing runs as root after the switch.
    keywords = [i.keyword for i in final.instructions]
    assert "RUN" not in keywords[keywords.index("USER") :]


def test_the_final_stage_has_a_healthcheck_and_an_exposed_port(dockerfile: Dockerfile) -> None:
    final = dockerfile.final
    (check,) = final.all("HEALTHCHECK")
    assert re.search(r"--interval=\d+s", check)
    assert "CMD [" in check
    assert final.all("EXPOSE")


def test_the_backend_image_is_configured_for_the_stack() -> None:
    final = parse(BACKEND_DOCKERFILE).final
    env = final.env()
    assert env["PMS_HOST"] == "0.0.0.0"
    assert final.all("EXPOSE") == [env["PMS_PORT"]]
    # The proxy serves the app: the backend's own SPA directory points at nothing.
    assert not Path(env["PMS_STATIC_DIR"]).exists()
    assert final.all("ENTRYPOINT") == ['["docker-entrypoint.sh"]']
    assert final.all("HEALTHCHECK")[0].endswith('CMD ["docker-entrypoint.sh", "healthcheck"]')
    assert env["PATH"].startswith("/app/.venv/bin:")


def test_the_backend_venv_is_built_frozen_without_dev_tools() -> None:
    build = parse(BACKEND_DOCKERFILE).stage("build")
    syncs = [cmd for cmd in build.all("RUN") if "uv sync" in cmd]
    assert syncs
    for command in syncs:
        assert "--frozen" in command
        assert "--no-dev" in command
    assert "--no-editable" in syncs[-1]
    assert build.env()["UV_PROJECT_ENVIRONMENT"] == "/app/.venv"


def test_the_image_uses_the_uv_release_of_the_makefile() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text()
    (version,) = re.findall(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)
    assert f"ARG UV_VERSION={version}" in BACKEND_DOCKERFILE.read_text()


def test_the_frontend_builds_with_npm_ci_and_serves_dist_with_caddy() -> None:
    dockerfile = parse(FRONTEND_DOCKERFILE)
    build, final = dockerfile.stage("build"), dockerfile.final
    assert build.platform == "$BUILDPLATFORM"
    assert any("npm ci" in cmd for cmd in build.all("RUN"))
    assert any("npm run build" in cmd for cmd in build.all("RUN"))
    assert "--from=build /app/dist /srv" in final.all("COPY")
    assert final.image.startswith("caddy:2.")
    assert final.env()["PMS_SITE_ROOT"] == "/srv"
    assert final.all("CMD") == [
        '["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]'
    ]


def _uv() -> str:
    """The uv that `make` uses: on the PATH, or the one the Makefile installs into .tools/."""
    found = shutil.which("uv") or next(
        (str(p) for p in [REPO_ROOT / ".tools" / "bin" / "uv"] if p.is_file()), None
    )
    if found:
        return found
    if IN_CI:
        pytest.fail("uv is missing: `make install` provides it")
    pytest.skip("uv is not installed here (make install provides it)")


def test_the_build_stage_gives_a_venv_that_runs_without_the_source_tree(tmp_path: Path) -> None:
    """The build stage's own commands, replayed here: `uv sync` from the lock (from uv's cache,
    offline), the package installed into the venv rather than linked to the sources."""
    build = parse(BACKEND_DOCKERFILE).stage("build")
    venv = tmp_path / "app" / ".venv"
    env = {**os.environ, **build.env(), "UV_PROJECT_ENVIRONMENT": str(venv)}
    env.pop("VIRTUAL_ENV", None)
    workdir = tmp_path / "src"
    workdir.mkdir()
    copies = [c for c in build.all("COPY") if not c.startswith("--")]
    syncs = [re.sub(r"^(--mount=\S+\s+)+", "", c) for c in build.all("RUN") if "uv sync" in c]
    assert copies == ["pyproject.toml uv.lock ./", "src ./src"]
    assert len(syncs) == 2
    python = os.path.realpath(sys.executable)
    for copy, sync in zip(copies, syncs, strict=True):
        *sources, _ = copy.split()
        for source in sources:
            origin = REPO_ROOT / "backend" / source
            if origin.is_dir():
                shutil.copytree(
                    origin, workdir / source, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy(origin, workdir / source)
        command = [_uv(), *sync.split()[1:], "--offline", "--python", python]
        result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    shutil.rmtree(workdir)  # the runtime stage copies the venv alone

    run_env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    located = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import pms; print(pms.__file__)"],
        env=run_env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert located.startswith(str(venv / "lib"))
    assert "site-packages/pms/" in located
    data = tmp_path / "data"
    sqlite_env = {
        **run_env,
        "PMS_DATA_DIR": str(data),
        "PMS_DATABASE_URL": f"sqlite:///{data}/pms.db",
    }
    migrated = subprocess.run(
        [str(venv / "bin" / "pms"), "migrate"],
        env=sqlite_env, cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    assert "Running upgrade  -> 0001" in migrated.stderr + migrated.stdout
    # Nothing to build with in the venv the image ships.
    assert not (venv / "bin" / "uv").exists()
    assert not (venv / "bin" / "pytest").exists()


def _ignore_patterns(context: Path) -> list[str]:
    lines = (context / ".dockerignore").read_text().splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and line[0] != "#"]


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether a context-relative path is excluded (later `!` lines re-include)."""
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(
            fnmatch.fnmatch(p, pattern) or fnmatch.fnmatch(p, f"**/{pattern}") for p in prefixes
        ):
            result = not negate
    return result


@pytest.mark.parametrize("context", ["backend", "frontend"])
def test_dockerignore_keeps_local_state_out_of_the_context(context: str) -> None:
    patterns = _ignore_patterns(REPO_ROOT / context)
    for path in (
        ".venv",
        ".git",
        "node_modules",
        "sub/node_modules",
        ".env" if context == "backend" else ".env.local",
    ):
        assert _ignored(path, patterns), (context, path)


def test_dockerignore_lets_through_what_the_backend_image_copies() -> None:
    patterns = _ignore_patterns(REPO_ROOT / "backend")
    for path in ("pyproject.toml", "uv.lock", "src/pms/main.py", "docker-entrypoint.sh"):
        assert (REPO_ROOT / "backend" / path).exists(), path
        assert not _ignored(path, patterns), path


def test_dockerignore_lets_through_what_the_frontend_build_needs() -> None:
    patterns = _ignore_patterns(REPO_ROOT / "frontend")
    for path in (
        "package.json",
        "package-lock.json",
        "index.html",
        "src/main.tsx",
        ".env.production",
    ):
        assert not _ignored(path, patterns), path


def test_the_entrypoint_is_an_executable_posix_shell_script() -> None:
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    assert os.stat(ENTRYPOINT).st_mode & stat.S_IXUSR
    tracked = subprocess.run(
        ["git", "ls-files", "--stage", "--", str(ENTRYPOINT)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if tracked:  # committed: the executable bit must be committed too
        assert tracked.startswith("100755 "), tracked
    # Parsed by the strictest POSIX shell at hand (dash, the /bin/sh of Debian images).
    subprocess.run(["sh", "-n", str(ENTRYPOINT)], check=True)


# --- every dependency installs on both architectures -------------------------------------------


def _target_environment(machine: str) -> dict[str, str]:
    return {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_machine": machine,
        "platform_system": "Linux",
        "sys_platform": "linux",
        "os_name": "posix",
        "python_version": "3.12",
        "python_full_version": "3.12.12",
        "implementation_version": "3.12.12",
        "platform_release": "",
        "platform_version": "",
        "extra": "",
    }


def _target_tags(machine: str, python: tuple[int, int]) -> set[Tag]:
    platforms = [f"manylinux_2_{minor}_{machine}" for minor in range(BOOKWORM_GLIBC_MINOR, 16, -1)]
    platforms.append(f"manylinux2014_{machine}")
    if machine == "x86_64":
        platforms += ["manylinux2010_x86_64", "manylinux1_x86_64"]
    interpreter = f"cp{python[0]}{python[1]}"
    return set(cpython_tags(python, platforms=platforms)) | set(
        compatible_tags(python, interpreter=interpreter, platforms=platforms)
    )


def _runtime_packages(lock: dict[str, Any], env: dict[str, str]) -> list[dict[str, Any]]:
    """The packages `uv sync --no-dev` installs for `env`: the lock's graph from `pms`, following
    extras and evaluating markers."""
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for package in lock["package"]:
        by_name[package["name"]].append(package)

    def resolve(dependency: dict[str, Any]) -> dict[str, Any]:
        candidates = by_name[dependency["name"]]
        if "version" in dependency:
            candidates = [p for p in candidates if p["version"] == dependency["version"]]
        if len(candidates) > 1:
            candidates = [
                p
                for p in candidates
                if any(Marker(m).evaluate(env) for m in p.get("resolution-markers", ["True"]))
            ]
        (package,) = candidates
        return package

    seen: dict[tuple[str, str], set[str]] = {}
    queue: list[tuple[dict[str, Any], set[str]]] = [(by_name["pms"][0], set())]
    while queue:
        package, extras = queue.pop()
        key = (package["name"], package["version"])
        if key in seen and extras <= seen[key]:
            continue
        seen[key] = seen.get(key, set()) | extras
        dependencies = list(package.get("dependencies", []))
        for extra in extras:
            dependencies += package.get("optional-dependencies", {}).get(extra, [])
        for dependency in dependencies:
            if "marker" in dependency and not Marker(dependency["marker"]).evaluate(env):
                continue
            queue.append((resolve(dependency), set(dependency.get("extra", []))))
    return [p for p in lock["package"] if (p["name"], p["version"]) in seen and p["name"] != "pms"]


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_every_locked_dependency_has_a_wheel_for_the_image(machine: str) -> None:
    """amd64 and arm64 (Raspberry Pi) images build from wheels alone: no compiler in the image."""
    image = parse(BACKEND_DOCKERFILE).final.image
    version = re.search(r":(\d+)\.(\d+)\.\d+-slim-bookworm$", image)
    assert version, image
    python = (int(version.group(1)), int(version.group(2)))
    lock = tomllib.loads((REPO_ROOT / "backend" / "uv.lock").read_text())
    env = _target_environment(machine)
    tags = _target_tags(machine, python)
    packages = _runtime_packages(lock, env)
    names = {p["name"] for p in packages}
    assert {"fastapi", "numpy", "pandas", "psycopg-binary", "uvloop"} <= names
    missing = []
    for package in packages:
        wheels = [
            parse_wheel_filename(w["url"].rsplit("/", 1)[-1]) for w in package.get("wheels", [])
        ]
        if any(tags & set(wheel_tags) for *_, wheel_tags in wheels):
            continue
        if package["name"] in SOURCE_ONLY_WITHOUT_COMPILER and "sdist" in package:
            continue
        missing.append(f"{package['name']} {package['version']}")
    assert not missing, f"no {machine} wheel for Python {python}: {missing}"
