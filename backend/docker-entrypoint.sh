#!/bin/sh
# Entry point of the backend container.
#
#   docker-entrypoint.sh [serve options]   migrate (waiting for the database), then serve with
#                                          PMS_WORKERS uvicorn workers
#   docker-entrypoint.sh healthcheck       exit 0 when the API answers and its database is up
#   docker-entrypoint.sh COMMAND [ARGS]    run COMMAND instead (e.g. `pms migrate`, `sh`)
#
# Settings are the PMS_* variables (see .env.example). Only PMS_WORKERS, PMS_MIGRATE_ATTEMPTS and
# PMS_MIGRATE_DELAY_SECONDS are read here; everything else is read by `pms` itself.
set -eu

healthcheck() {
	# The image has Python but no curl: ask the API the way a client would.
	exec python - <<'PY'
import json
import os
import sys
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PMS_PORT', '8000')}/api/v1/health"
try:
    with urllib.request.urlopen(url, timeout=4) as response:
        body = json.load(response)
except (OSError, ValueError) as exc:
    print(f"unhealthy: {url}: {exc}", file=sys.stderr)
    sys.exit(1)
if body.get("database", {}).get("status") != "ok":
    print(f"unhealthy: database {body.get('database')}", file=sys.stderr)
    sys.exit(1)
print(f"healthy: cache {body.get('cache', {}).get('backend')}, version {body.get('version')}")
PY
}

migrate() {
	# compose starts us once PostgreSQL reports healthy, but a database that restarts later (or a
	# stack run without compose) must not turn into a crash loop: retry for a while, then give up.
	attempts="${PMS_MIGRATE_ATTEMPTS:-30}"
	delay="${PMS_MIGRATE_DELAY_SECONDS:-2}"
	attempt=1
	until pms migrate; do
		if [ "$attempt" -ge "$attempts" ]; then
			echo "docker-entrypoint: migration failed $attempt times; giving up" >&2
			return 1
		fi
		echo "docker-entrypoint: migration failed (attempt $attempt of $attempts); retrying in ${delay}s" >&2
		attempt=$((attempt + 1))
		sleep "$delay"
	done
}

case "${1:-}" in
healthcheck)
	healthcheck
	;;
"" | -*)
	migrate
	# exec: `pms serve` replaces this shell, so the stop signal reaches the server itself.
	exec pms serve --no-migrate --workers "${PMS_WORKERS:-2}" "$@"
	;;
*)
	exec "$@"
	;;
esac
