#!/usr/bin/env bash
# Debian packages the tests and the appliance use: socat (serial pseudo-terminal pairs),
# mosquitto (external-broker tests), chromium (dashboard tests), ffmpeg (recording the room; the
# distribution's build, not ffmpeg-static: docs/decisions.md), espeak-ng and sox (test speech).
set -euo pipefail
need=()
command -v socat >/dev/null || need+=(socat)
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v chromium >/dev/null || need+=(chromium)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
[ ${#need[@]} -eq 0 ] && exit 0
echo "install-system-deps: installing ${need[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
