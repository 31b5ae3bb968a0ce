#!/usr/bin/env bash
# Makes sure the system packages the tests need are present: installs them with apt-get when
# running as root, otherwise stops and names the packages to install. Never skips silently.
set -euo pipefail

need=()
have() { [ -e "$1" ]; }
have /usr/sbin/dovecot || need+=(dovecot-core)
have /usr/lib/dovecot/pop3 || need+=(dovecot-pop3d)
# GNU Mailutils' pop3d: the real server whose APOP refusal 'auto' login must survive.
have /usr/sbin/pop3d || need+=(mailutils-pop3d)
have /usr/bin/openssl || need+=(openssl)
# aiosmtpd: the private SMTP submission server (STARTTLS, AUTH) the sending tests run against.
have /usr/lib/python3/dist-packages/aiosmtpd || need+=(python3-aiosmtpd)
have /usr/bin/chromium || need+=(chromium)
command -v useradd >/dev/null || need+=(passwd)
# python3, make and g++ build better-sqlite3 when no prebuilt binary matches.
command -v make >/dev/null || need+=(make)
command -v g++ >/dev/null || need+=(g++)
# Peer clients for the benchmarks only; tests never need them.
if [ "${POPLINE_BENCH_PEERS:-0}" = 1 ]; then
  have /usr/bin/mpop || need+=(mpop)
  have /usr/bin/fetchmail || need+=(fetchmail)
fi

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  # The tests start their own pop3d per connection; the package's system service is not wanted.
  if [[ " ${need[*]} " == *" mailutils-pop3d "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --now mailutils-pop3d >/dev/null 2>&1 || true
  fi
  exit 0
fi

echo "Missing system packages: ${need[*]}" >&2
echo "Install them with: sudo apt-get install ${need[*]}" >&2
exit 1
