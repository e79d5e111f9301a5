#!/bin/sh
# Starts one built service with its V8 flags from scripts/node-flags.json, the one place they are set (npm start and
# the test harness read it too): `scripts/service.sh ingest`. exec, so the service gets the container's signals.
set -eu
service="$1"
flags="$(node -p 'const [file, name] = process.argv.slice(1); (require(file)[name] ?? []).join(" ")' \
  "$(cd "$(dirname "$0")" && pwd)/node-flags.json" "$service")"
# shellcheck disable=SC2086 # the flags are separate words
exec node --enable-source-maps $flags "dist/apps/$service/src/main.js"
