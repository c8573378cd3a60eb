#!/bin/bash
# Installs QuietLegs on Raspberry Pi OS (Debian 13 "trixie" based, 64-bit): Java 21, Mosquitto,
# the jar, the system user and its device permissions, the configuration in /etc/quietlegs, the
# Pi's config.txt lines for I2C, hardware PWM and the hardware watchdog, and the systemd unit.
#
#   ./mvnw -B -q -DskipTests package        # on the Pi, or copy firmware/target/quietlegs.jar over
#   sudo config/install.sh                  # then reboot if it says so
#
# Options: --jar FILE (default firmware/target/quietlegs.jar), --no-packages (Java and Mosquitto
# are already there), --root DIR (write every file under DIR and skip apt, users, udev and systemd:
# how the tests run it). Safe to run again: an edited configuration is kept, the shipped one is
# written beside it as *.new.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../firmware/target/quietlegs.jar"
root=""
packages=1
while [ $# -gt 0 ]; do
    case "$1" in
        --jar) jar="$2"; shift 2 ;;
        --root) root="${2%/}"; shift 2 ;;
        --no-packages) packages=0; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
live() { [ -z "$root" ]; }
say() { echo "quietlegs install: $*"; }

[ -f "$jar" ] || { echo "install.sh: no $jar: build it first (./mvnw -B -q -DskipTests package)" >&2; exit 2; }
if live && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run it as root (sudo $0)" >&2
    exit 2
fi
model=$(tr -d '\0' < "$root/proc/device-tree/model" 2>/dev/null || true)
case "$model" in
    *"Raspberry Pi"*) say "on a $model" ;;
    *) say "warning: not a Raspberry Pi: 'run' will use the simulated board" ;;
esac

# 1. Java 21 (Raspberry Pi OS's) and Mosquitto for the phone remote.
if live && [ "$packages" -eq 1 ]; then
    apt-get update -q
    apt-get install -y -q openjdk-21-jre-headless mosquitto
    # The unit starts and supervises its own Mosquitto; Debian's instance would hold port 1883.
    systemctl disable --now mosquitto.service 2>/dev/null || true
fi

# 2. The system user, in the groups that own the GPIO, I2C and PWM device files.
if live; then
    for g in gpio i2c; do getent group "$g" >/dev/null || groupadd --system "$g"; done
    if ! id quietlegs >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/quietlegs --shell /usr/sbin/nologin --groups gpio,i2c quietlegs
    else
        usermod -aG gpio,i2c quietlegs
    fi
fi
install -d "$root/etc/udev/rules.d"
install -m 0644 "$here/udev/99-quietlegs.rules" "$root/etc/udev/rules.d/99-quietlegs.rules"
if live; then
    udevadm control --reload && udevadm trigger --subsystem-match=gpio --subsystem-match=i2c-dev \
        --subsystem-match=pwm || true
fi

# 3. The jar and the configuration (an edited file is never overwritten).
install -d "$root/opt/quietlegs" "$root/etc/quietlegs/programs"
install -m 0644 "$jar" "$root/opt/quietlegs/quietlegs.jar"
put_config() { # source, destination
    if [ -f "$2" ] && ! cmp -s "$1" "$2"; then
        install -m 0644 "$1" "$2.new"
        say "kept your $2; the shipped one is $2.new"
    else
        install -m 0644 "$1" "$2"
    fi
}
for f in quietlegs.yaml tinylog.properties jvm.env; do
    put_config "$here/$f" "$root/etc/quietlegs/$f"
done
for f in "$here"/programs/*.yaml; do
    put_config "$f" "$root/etc/quietlegs/programs/$(basename "$f")"
done

# 4. The Pi's firmware settings: I2C for the ADC, the PWM overlay for the motor and the pump,
#    the hardware watchdog. Added once, below a marker; anything else in the file is left alone.
boot="$root/boot/firmware/config.txt"
reboot=0
if [ -f "$boot" ]; then
    case "$model" in
        *"Raspberry Pi 5"*|*"Compute Module 5"*) pwm="dtoverlay=pwm-2chan,pin=18,func=2,pin2=19,func2=2" ;;
        *) pwm="dtoverlay=pwm-2chan" ;;
    esac
    for line in "dtparam=i2c_arm=on" "$pwm" "dtparam=watchdog=on"; do
        if ! grep -qxF "$line" "$boot"; then
            grep -qxF "# QuietLegs" "$boot" || printf '\n# QuietLegs\n' >> "$boot"
            echo "$line" >> "$boot"
            say "added '$line' to $boot"
            reboot=1
        fi
    done
else
    say "warning: no $boot: add dtparam=i2c_arm=on and the pwm-2chan overlay by hand (hardware/README.md)"
fi
# systemd feeds the SoC's watchdog; a hung kernel resets the Pi, whose pins then fall low (safe).
install -d "$root/etc/systemd/system.conf.d"
printf '[Manager]\nRuntimeWatchdogSec=15\nRebootWatchdogSec=2min\n' > "$root/etc/systemd/system.conf.d/quietlegs-watchdog.conf"

# 5. The service.
install -d "$root/etc/systemd/system"
install -m 0644 "$here/quietlegs.service" "$root/etc/systemd/system/quietlegs.service"
if live; then
    systemctl daemon-reexec # takes RuntimeWatchdogSec without a reboot
    systemctl enable quietlegs.service
    if [ "$reboot" -eq 0 ]; then
        systemctl restart quietlegs.service
        say "started: journalctl -u quietlegs -f shows it"
    fi
fi
if [ "$reboot" -eq 1 ]; then
    say "reboot for the config.txt lines to take effect (sudo reboot); the unit starts at boot"
fi
say "self-test of the real hardware: sudo systemctl stop quietlegs && sudo -u quietlegs java -jar" \
    "/opt/quietlegs/quietlegs.jar selftest --config /etc/quietlegs; sudo systemctl start quietlegs"
