#!/bin/bash
# Installs QuietLegs on Raspberry Pi OS from its Debian package: `sudo apt install ./…deb`, after
# a look at /etc/os-release: on Raspberry Pi OS / Debian 12 "bookworm", whose archive has no
# Java 21, it says what to do instead of apt's bare "no installation candidate".
#
#   ./mvnw -B -q -DskipTests package        # on the Pi, or copy firmware/target/quietlegs_*_all.deb over
#   sudo config/install.sh [PACKAGE.deb]    # default: the one in firmware/target/
#
# The package does the rest (README, "Installing on a Raspberry Pi"). QUIETLEGS_OS_RELEASE names
# another os-release file and QUIETLEGS_DPKG_DIR another dpkg database (the tests use them).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
os_release=${QUIETLEGS_OS_RELEASE:-/etc/os-release}
case "${1:-}" in
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then
    echo "install.sh: one package at most (see --help)" >&2
    exit 2
fi

# Raspberry Pi OS / Debian before 13: no Java 21 in the archive, so apt could not install the
# package's dependency. Said first, before the package or root are needed.
# shellcheck source=/dev/null
codename=$(. "$os_release" 2>/dev/null && echo "${VERSION_CODENAME:-}")
# shellcheck source=/dev/null
name=$(. "$os_release" 2>/dev/null && echo "${PRETTY_NAME:-this system}")
case "$codename" in
buster|bullseye|bookworm)
    # A Java 21 installed from a package that says so (Temurin's does) is enough.
    if ! dpkg-query --admindir="${QUIETLEGS_DPKG_DIR:-/var/lib/dpkg}" -W -f='${db:Status-Abbrev} ${Package} ${Provides}\n' 2>/dev/null \
            | grep -E '^ii ' | grep -qE 'openjdk-21-jre-headless|java21-runtime-headless'; then
        cat >&2 <<EOF
install.sh: $name has no Java 21 in its archive, and QuietLegs runs on Java 21
(its package depends on openjdk-21-jre-headless or another Java 21 or newer). Either:
  - move to Raspberry Pi OS (Trixie), based on Debian 13, which has it: write a fresh
    Raspberry Pi OS (64-bit) image with Raspberry Pi Imager, then run this again (recommended); or
  - on 64-bit $codename (arm64), install a Java 21 package that provides java21-runtime-headless,
    such as Eclipse Temurin's temurin-21-jre from Adoptium's apt repository, then run this again.
EOF
        exit 2
    fi
    ;;
esac

if [ $# -eq 1 ]; then
    deb=$1
else
    shopt -s nullglob
    debs=("$here"/../firmware/target/quietlegs_*_all.deb)
    if [ ${#debs[@]} -ne 1 ]; then
        echo "install.sh: no single firmware/target/quietlegs_*_all.deb: build it first (./mvnw -B -q -DskipTests" \
            "package) or name the package" >&2
        exit 2
    fi
    deb=${debs[0]}
fi
[ -f "$deb" ] || { echo "install.sh: no $deb: build it first (./mvnw -B -q -DskipTests package)" >&2; exit 2; }
case "$deb" in /*) ;; *) deb="$PWD/$deb" ;; esac # apt takes a file only as a path
if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run it as root (sudo $0)" >&2
    exit 2
fi

# A unit installed by the earlier install.sh (the jar in /opt/quietlegs): its own unit file and
# udev rules in /etc would shadow the package's, so they go; /etc/quietlegs stays, and dpkg asks
# about each file there that differs from the package's.
if [ -e /opt/quietlegs/quietlegs.jar ]; then
    echo "install.sh: replacing the unit installed by the earlier install.sh (/opt/quietlegs)"
    if [ -d /run/systemd/system ]; then
        systemctl disable --now quietlegs.service 2>/dev/null || true
    else
        systemctl disable quietlegs.service 2>/dev/null || true
    fi
    rm -f /etc/systemd/system/quietlegs.service /etc/udev/rules.d/99-quietlegs.rules \
        /etc/systemd/system.conf.d/quietlegs-watchdog.conf
    rm -rf /opt/quietlegs
fi

apt-get update -q
apt-get install -y "$deb"
echo "QuietLegs is installed: systemctl status quietlegs; journalctl -u quietlegs -f"
