#!/usr/bin/env bash
# Installs the appliance from this checkout into /opt/room-appliance as a systemd service.
# Run as root on the room's mini-PC or Raspberry Pi. Settings go to /etc/room-appliance/.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
id room >/dev/null 2>&1 || useradd --system --home /var/lib/room-appliance --shell /usr/sbin/nologin room
install -d -o room -g room /var/lib/room-appliance /var/cache/room-appliance
install -d /etc/room-appliance /opt/room-appliance
cp -a "$src/." /opt/room-appliance/
chown -R room:room /opt/room-appliance
if [ ! -f /etc/room-appliance/settings.json ]; then
  echo "install: write /etc/room-appliance/settings.json (see docs/operations.md) and provision unit secrets:" >&2
  echo "  /opt/room-appliance/room provision-units --plan SEAT_PLAN --out /etc/room-appliance/unit-secrets.json" >&2
fi
install -m 0644 "$src/systemd/room-appliance.service" /etc/systemd/system/room-appliance.service
# Device instances are written by the technician page: the one folder under /opt the service may write.
install -d -o room -g room /opt/room-appliance/firmware-config/devices
# Stable serial device names (/dev/room/...): installed once, then edited for the room's adapters.
if [ ! -f /etc/udev/rules.d/99-room-devices.rules ]; then
  install -m 0644 "$src/systemd/99-room-devices.rules" /etc/udev/rules.d/99-room-devices.rules
  udevadm control --reload 2>/dev/null || true
  echo "install: edit /etc/udev/rules.d/99-room-devices.rules for this room's USB-serial adapters" >&2
fi
# Fetch the runtime and packages now, as the service user, so the first start is quick.
sudo -u room env XDG_CACHE_HOME=/var/cache/room-appliance /opt/room-appliance/room build
# HTTPS (R-ACC-6): while the settings name no certificate, make a self-signed one for this machine's
# names and addresses, owned by the service user (docs/operations.md "HTTPS"). Never replaced here.
tls=/etc/room-appliance/tls
if ! grep -qs '"certFile"' /etc/room-appliance/settings.json; then
  if [ ! -f "$tls/cert.pem" ] && [ ! -f "$tls/key.pem" ]; then
    install -d -o room -g room -m 0750 "$tls"
    hosts=(--host localhost --host 127.0.0.1)
    name="$(hostname)"
    if [[ "$name" =~ ^[A-Za-z0-9.-]+$ ]]; then hosts=(--host "$name" "${hosts[@]}"); fi
    for ip in $(hostname -I 2>/dev/null || true); do hosts+=(--host "$ip"); done
    sudo -u room env XDG_CACHE_HOME=/var/cache/room-appliance \
      /opt/room-appliance/room tls-self-signed --out "$tls" "${hosts[@]}" ||
      echo "install: no self-signed certificate made (see above); the appliance still serves plain HTTP" >&2
  fi
  if [ -f "$tls/cert.pem" ]; then
    echo "install: to serve HTTPS, add to the \"http\" object of /etc/room-appliance/settings.json:" >&2
    echo "  \"tls\": { \"certFile\": \"$tls/cert.pem\", \"keyFile\": \"$tls/key.pem\" }" >&2
    echo "  and set \"publicUrl\" to the https:// address tablets use. Fingerprint to compare on them:" >&2
    openssl x509 -in "$tls/cert.pem" -noout -fingerprint -sha256 >&2 || true
  fi
fi
systemctl daemon-reload
systemctl enable room-appliance.service
echo "install: done; start with: systemctl start room-appliance" >&2
