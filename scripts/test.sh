#!/usr/bin/env bash
# The test command (`npm test`): works on a fresh machine from a fresh clone.
# Installs the Debian packages, starts dockerd if none answers (and stops it again at exit), installs
# node_modules if stale, builds, runs the format check, lint (layering rule included) and typecheck, then
# every Jest project (unit, integration, e2e; arguments are passed to Jest) and ends with one plain line for
# CI: `tests: N passed, N failed, N skipped`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/provision.sh

as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo -n)

dockerd_pid=""
dockerd_log=""
# Harness containers (label cleanwire.test) whose owning test process still lives: another run on this
# machine is using the dockerd this script started, so it is left running for that run.
dockerd_in_use() {
  local pid
  for pid in $(docker ps --filter label=cleanwire.test --format '{{.Label "cleanwire.test.pid"}}' 2>/dev/null); do
    kill -0 "$pid" 2>/dev/null && return 0
  done
  return 1
}
stop_dockerd() {
  [[ -n "$dockerd_pid" ]] || return 0
  if dockerd_in_use; then
    echo "test.sh: leaving dockerd ($dockerd_pid) running: another test run has containers on it" >&2
    return 0
  fi
  "${as_root[@]}" kill -TERM "$dockerd_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    "${as_root[@]}" kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  if "${as_root[@]}" kill -0 "$dockerd_pid" 2>/dev/null; then
    echo "test.sh: dockerd ($dockerd_pid) did not stop in 30 s; killing it" >&2
    "${as_root[@]}" kill -KILL "$dockerd_pid" 2>/dev/null || true
  fi
  echo "test.sh: stopped the dockerd it started" >&2
  dockerd_pid=""
}
results=""
cleanup() {
  stop_dockerd
  [[ -z "$results" ]] || rm -f "$results"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! docker info >/dev/null 2>&1; then
  dockerd_log="$(mktemp /tmp/cleanwire-dockerd.XXXXXX.log)"
  echo "test.sh: starting dockerd (log: $dockerd_log)" >&2
  # --iptables=false: containers use host networking only. The default bridge network must stay:
  # testcontainers inspects it at start-up ("network bridge not found" under --bridge=none).
  "${as_root[@]}" dockerd --iptables=false >"$dockerd_log" 2>&1 &
  dockerd_pid=$!
  started=$SECONDS
  until docker info >/dev/null 2>&1; do
    if ! "${as_root[@]}" kill -0 "$dockerd_pid" 2>/dev/null || ((SECONDS - started >= 60)); then
      echo "test.sh: dockerd did not answer within 60 s; the end of its log:" >&2
      tail -n 20 "$dockerd_log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  echo "test.sh: dockerd answers after $((SECONDS - started)) s" >&2
fi

# npm writes node_modules/.package-lock.json on every install: older than the lockfile means stale.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build

# The static checks are part of the test command, so CI fails on them too. CLEANWIRE_SKIP_CHECKS=1 skips them
# for a quick local rerun of a few suites; CI never sets it.
if [[ -z "${CLEANWIRE_SKIP_CHECKS:-}" ]]; then
  for check in format:check lint typecheck; do
    if ! npm run --silent "$check"; then
      echo "test.sh: npm run $check failed" >&2
      echo "tests: 0 passed, 1 failed, 0 skipped"
      exit 1
    fi
  done
  echo "test.sh: format, lint (layering included) and typecheck pass" >&2
fi

export TESTCONTAINERS_RYUK_DISABLED=true
results="$(mktemp /tmp/cleanwire-jest.XXXXXX.json)"
jest_args=(--ci --json --outputFile="$results")
# In CI a handle left open by a suite must not hang the run until the CI time limit.
[[ -z "${CI:-}" ]] || jest_args+=(--forceExit)
set +e
npx jest "${jest_args[@]}" "$@"
status=$?
set -e

node - "$results" "$status" <<'NODE'
const { readFileSync } = require('node:fs');
const [file, status] = process.argv.slice(2);
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  // Jest stopped before running tests (global setup, config or a crash): count the run as one failure.
  console.log(`jest wrote no results (exit ${status})`);
  console.log(`tests: 0 passed, ${status === '0' ? 0 : 1} failed, 0 skipped`);
  process.exit(0);
}
// A suite that failed to load has no failed tests of its own, yet it failed: count it.
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
console.log(`tests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
NODE
exit "$status"
