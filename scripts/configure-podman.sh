#!/usr/bin/env bash
# Gives Podman the settings it needs to run containers on these machines, in a drop-in file of
# its own (read after /etc/containers/containers.conf, which stays as the user has it):
#   default_ulimits = []       the default nofile limit cannot be set in these sandboxes
#   cgroup_manager = cgroupfs  no systemd to delegate cgroups to
#   runtime = runc             crun fails here ("cgroups in hybrid mode not supported")
# Rewrites the drop-in only when its content differs; run by `make deps`.
set -euo pipefail
dropin=/etc/containers/containers.conf.d/50-gantry.conf
wanted='# Written by Gantry (scripts/configure-podman.sh): the settings Podman needs on these machines.
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"'
if [ -f "$dropin" ] && [ "$(cat "$dropin")" = "$wanted" ]; then exit 0; fi
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
echo "configuring podman: $dropin"
$sudo mkdir -p "$(dirname "$dropin")"
printf '%s\n' "$wanted" | $sudo tee "$dropin" >/dev/null
