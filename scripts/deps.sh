#!/usr/bin/env bash
# Installs the Debian packages cnsim needs to build, run and test, if any are
# missing. As root it runs apt-get; otherwise it lists what to install.
# Usage: scripts/deps.sh [--peers]   (--peers adds the benchmark peers)
set -eu
pkgs="build-essential cmake pkg-config clang libclang-rt-14-dev libomp-dev libsundials-dev libgsl-dev libsqlite3-dev sqlite3
libjansson-dev libcsv-dev libplplot-dev plplot-driver-cairo fonts-dejavu-core libcmocka-dev python3
libopenmpi-dev openmpi-bin python3-icalendar python3-html5lib tidy python3-numpy python3-scipy python3-pytest python3-venv python3-pip
libmicrohttpd-dev chromium chromium-driver python3-selenium"
if [ "${1:-}" = "--peers" ]; then
  pkgs="$pkgs python3-scipy python3-numpy r-base-core r-cran-desolve strace valgrind git"
fi
missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "cnsim: installing missing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "cnsim: these Debian packages are missing:$missing" >&2
  echo "install them with: sudo apt-get install$missing" >&2
  exit 1
fi
