#!/usr/bin/env bash
# Builds the container images Gantry's Docker executor needs, without an image registry:
#
#   scripts/build-image.sh busybox   gantry-busybox:latest, a busybox-static root (seconds); tests use it
#   scripts/build-image.sh python    python:3.11-slim, Debian bookworm's Python 3.11 from Debian
#                                    packages (mmdebstrap, a few minutes the first time)
#
# The root file system is kept as a tarball in ${XDG_CACHE_HOME:-~/.cache}/gantry/images/, named
# after a key of its inputs (recipe, packages, busybox binary), and imported into the engine. Each
# image also gets the tag NAME:key-KEY: when the engine already has that tag, nothing is built or
# imported again. Prints the image name on its last line.
#
# The engine: `docker` when GANTRY_IMAGE_TOOL=docker or when a Docker engine answers the docker
# client (DOCKER_HOST, /var/run/docker.sock), else `podman` (its local storage is what `podman
# system service` serves). Progress goes to standard error.
set -euo pipefail

kind=${1:-}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/gantry/images
say() { echo "build-image: $*" >&2; }

tool=${GANTRY_IMAGE_TOOL:-}
if [ -z "$tool" ]; then
  if command -v docker >/dev/null && docker version >/dev/null 2>&1; then tool=docker
  elif command -v podman >/dev/null; then tool=podman
  else say "no podman or docker client: run \`make deps\`"; exit 1
  fi
fi

# key INPUTS...: a short hash naming one set of inputs.
key() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# import NAME TARBALL KEY CHANGES...: the tarball as NAME and NAME:key-KEY (which marks it built).
import_image() {
  local name=$1 tarball=$2 k=$3; shift 3
  local changes=()
  for c in "$@"; do changes+=(--change "$c"); done
  say "importing $tarball as $name ($tool)"
  "$tool" import "${changes[@]}" "$tarball" "${name%%:*}:key-$k" >/dev/null
  "$tool" tag "${name%%:*}:key-$k" "$name"
}

# have NAME KEY: the engine has this build of NAME already.
have() { "$tool" image inspect "${1%%:*}:key-$2" >/dev/null 2>&1; }

case "$kind" in
busybox)
  name=gantry-busybox:latest
  busybox=$(command -v busybox || true)
  [ -x "$busybox" ] && "$busybox" --list >/dev/null 2>&1 || { say "busybox not found: apt-get install busybox-static (make deps)"; exit 1; }
  # The image has no libraries: Debian's dynamically linked busybox would not start in it.
  case "$(ldd "$busybox" 2>&1 || true)" in
    *"not a dynamic executable"*) ;;
    *) say "$busybox is not static: apt-get install busybox-static"; exit 1 ;;
  esac
  k=$(key busybox-recipe-1 "$(sha256sum "$busybox" | cut -c1-64)")
  if ! have "$name" "$k"; then
    tarball=$cache/busybox-$k.tar
    if [ ! -s "$tarball" ]; then
      say "building the busybox root file system"
      root=$(mktemp -d)
      trap 'rm -rf "$root"' EXIT
      mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$cache"
      chmod 1777 "$root/tmp"
      cp "$busybox" "$root/bin/busybox"
      for applet in $("$busybox" --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
      # An os-release no host has, so a test can tell the container's files from the host's.
      printf 'NAME="Gantry busybox"\nID=gantry-busybox\nPRETTY_NAME="Gantry busybox test image"\n' > "$root/etc/os-release"
      printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
      printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
      tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    fi
    import_image "$name" "$tarball" "$k" 'ENV PATH=/bin' 'CMD ["sh"]'
  fi
  ;;
python)
  name=python:3.11-slim
  packages=python3,python3-venv,python3-pip,python-is-python3,git,ca-certificates
  k=$(key python-recipe-1 bookworm minbase "$packages")
  if ! have "$name" "$k"; then
    tarball=$cache/python-$k.tar
    if [ ! -s "$tarball" ]; then
      command -v mmdebstrap >/dev/null || { say "mmdebstrap not found: apt-get install mmdebstrap (make deps)"; exit 1; }
      mkdir -p "$cache"
      say "building $name from Debian bookworm packages ($packages); this takes a few minutes once"
      # pip may install into the system Python, as in the official image (no PEP 668 marker);
      # mmdebstrap keeps no apt lists: a job runs apt-get update first, as with the official image.
      mmdebstrap --variant=minbase --format=tar --include="$packages" \
        --customize-hook='rm -f "$1"/usr/lib/python3*/EXTERNALLY-MANAGED' \
        bookworm "$tarball.part" >&2
      mv "$tarball.part" "$tarball"
    fi
    import_image "$name" "$tarball" "$k" \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'ENV LANG=C.UTF-8' 'CMD ["python3"]'
  fi
  ;;
*)
  echo "usage: $0 busybox|python" >&2
  exit 2
  ;;
esac
echo "$name"
