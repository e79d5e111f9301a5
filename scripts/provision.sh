#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing; starts nothing.
#   docker.io     dockerd + CLI: testcontainers runs Redis and the Kafka mock in containers
#   redis-server  the binary packed into local/redis:test
#   kcat          librdkafka's mock Kafka cluster, packed into local/kafka-mock:test
#   chromium      the headless browser the dashboard's end-to-end test drives (playwright-core, never a download)
# Idempotent and quick (one dpkg query) when everything is present.
set -euo pipefail

packages=(docker.io redis-server kcat chromium)

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  echo "provision.sh: missing ${missing[*]}; need root or sudo to install them" >&2
  exit 1
fi

echo "provision.sh: installing ${missing[*]}" >&2
# Recommends stay on: docker.io's include apparmor, whose parser dockerd needs on an AppArmor kernel.
# needrestart (also recommended) must only list, never restart services or ask.
apt_env=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l NEEDRESTART_SUSPEND=1)
"${as_root[@]}" "${apt_env[@]}" apt-get update -qq
"${as_root[@]}" "${apt_env[@]}" apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
echo "provision.sh: installed ${missing[*]}" >&2
