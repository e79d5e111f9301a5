#!/usr/bin/env bash
# Builds the test images from host binaries, because this machine has no image registry:
#   local/redis:test       redis-server (Debian's redis-server package)
#   local/kafka-mock:test  kcat running librdkafka's mock Kafka cluster (Debian's kcat package)
# Each image is a bare rootfs: the binary, the libraries ldd lists, the dynamic loader and a few
# files from /etc. An image is rebuilt only when it is missing or its recipe hash changed; the hash
# covers the binary, its libraries and this script, and is stored in the image label cleanwire.recipe.
# Usage: tools/images/build.sh [--force]
set -euo pipefail

force=false
[[ "${1:-}" == "--force" ]] && force=true
script="$(readlink -f "${BASH_SOURCE[0]}")"

# Shared libraries of a binary, as absolute paths (the loader included; the vDSO has no file).
libs_of() {
  ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u
}

recipe_hash() {
  local binary="$1"
  # shellcheck disable=SC2046
  cat "$script" "$binary" $(libs_of "$binary") | sha256sum | cut -c1-16
}

# build_image TAG BINARY CMD_JSON
build_image() {
  local tag="$1" binary="$2" cmd="$3"
  if [[ ! -x "$binary" ]]; then
    echo "tools/images/build.sh: $binary is missing; run scripts/provision.sh first" >&2
    return 1
  fi
  local hash current
  hash="$(recipe_hash "$binary")"
  current="$(docker image inspect "$tag" --format '{{ index .Config.Labels "cleanwire.recipe" }}' 2>/dev/null || true)"
  if [[ "$force" == false && "$current" == "$hash" ]]; then
    return 0
  fi

  local started=$SECONDS rootfs
  rootfs="$(mktemp -d /tmp/cleanwire-rootfs.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$rootfs'" RETURN
  # -L: copy the files behind the symlinks (libfoo.so.1 -> libfoo.so.1.2.3) under the soname path.
  cp -L --parents "$binary" "$rootfs"
  for lib in $(libs_of "$binary"); do
    cp -L --parents "$lib" "$rootfs"
  done
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/data"
  chmod 1777 "$rootfs/tmp"
  # getaddrinfo reads these; docker bind-mounts its own /etc/hosts and /etc/resolv.conf over them.
  printf '127.0.0.1 localhost\n::1 localhost\n' >"$rootfs/etc/hosts"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  printf 'root:x:0:0:root:/root:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"

  tar -C "$rootfs" -c . | docker import \
    --change "LABEL cleanwire.recipe=$hash" \
    --change "WORKDIR /data" \
    --change "CMD $cmd" \
    - "$tag" >/dev/null
  echo "tools/images/build.sh: built $tag ($hash) in $((SECONDS - started)) s" >&2
}

if ! docker info >/dev/null 2>&1; then
  echo "tools/images/build.sh: the Docker daemon does not answer (start it: scripts/test.sh does)" >&2
  exit 1
fi

# Two test runs at once (two Jest projects, two shells) must not import the same tag in parallel.
exec 9>"/tmp/cleanwire-images.lock"
flock 9

build_image local/redis:test /usr/bin/redis-server \
  '["/usr/bin/redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]'
# No `-d mock`: that debug context logs every request; the notice line with the bootstrap
# servers ("Mock cluster enabled: ... replaced with 127.0.0.1:P1,...") is printed without it.
build_image local/kafka-mock:test /usr/bin/kcat \
  '["/usr/bin/kcat", "-C", "-b", "unused:9092", "-t", "_keepalive", "-X", "test.mock.num.brokers=3"]'
