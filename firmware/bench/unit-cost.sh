#!/usr/bin/env bash
# What the unit costs to run: time from start to "online" on MQTT, resident memory and CPU of the
# JVM and of its own broker (Mosquitto, or the dev broker where Mosquitto is not installed), idle and
# during a session, on the simulated board.
#
#   firmware/bench/unit-cost.sh                 # after ./mvnw -B -DskipTests package
#   QUIETLEGS_MOSQUITTO=none firmware/bench/unit-cost.sh   # the dev broker, as on a machine without Mosquitto
#   IDLE_S=60 SESSION_S=120 JAVA_OPTS="..." firmware/bench/unit-cost.sh
#   SOAK_MIN=60 firmware/bench/unit-cost.sh     # then evening sessions back to back for an hour
#
# The MQTT command-to-actuator latency is `java -jar firmware/target/quietlegs.jar bench mqtt`.
set -euo pipefail
cd "$(dirname "$0")/../.."

IDLE_S=${IDLE_S:-30}
SESSION_S=${SESSION_S:-60}
SOAK_MIN=${SOAK_MIN:-0}
JAR=${JAR:-firmware/target/quietlegs.jar}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
# The unit's own flags (config/jvm.env) unless JAVA_OPTS says otherwise.
JAVA_OPTS=${JAVA_OPTS:-$(. config/jvm.env && printf '%s' "$JAVA_OPTS")}
PORT=${PORT:-$((20000 + RANDOM % 20000))}
command -v mosquitto_sub >/dev/null || { echo "needs mosquitto-clients (apt install mosquitto-clients)" >&2; exit 2; }

work=$(mktemp -d)
fifo="$work/stdin"
mkfifo "$fifo"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exec 4>&- 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
cpu_percent() { # pid seconds
  local a b; a=$(cpu_ticks "$1"); sleep "$2"; b=$(cpu_ticks "$1")
  awk -v d=$((b - a)) -v s="$2" -v t="$ticks" 'BEGIN {printf "%.2f", 100 * d / t / s}'
}

start=$(date +%s%N)
# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -Dquietlegs.log.dir="$work/logs" -jar "$JAR" run --sim --mqtt-listen "127.0.0.1:$PORT" \
  --mqtt-state-dir "$work/state" < "$fifo" > "$work/unit.out" 2>&1 &
pid=$!
exec 4>"$fifo"   # keeps the unit's standard input open
until mosquitto_sub -p "$PORT" -C 1 -W 1 -t quietlegs/bedside/availability 2>/dev/null | grep -q online; do
  sleep 0.05
  kill -0 "$pid" 2>/dev/null || { cat "$work/unit.out"; exit 1; }
done
online_ms=$((($(date +%s%N) - start) / 1000000))
broker=$(pgrep -P "$pid" | head -1 || true)   # the unit's only child: its broker
case "$(tr '\0' ' ' < "/proc/$broker/cmdline" 2>/dev/null)" in
  *DevBroker*) name="the dev broker (Artemis)" ;;
  *) name=Mosquitto ;;
esac
sleep 5

echo "JVM flags: $JAVA_OPTS"
echo "start to 'online' on MQTT: $online_ms ms"
echo "after start-up: JVM $(rss_mb "$pid") MB resident, $name ${broker:+$(rss_mb "$broker")} MB"
echo "idle for $IDLE_S s: JVM $(cpu_percent "$pid" "$IDLE_S") % of a core${broker:+, $name $(cpu_percent "$broker" 1) %}"
mosquitto_pub -p "$PORT" -t quietlegs/bedside/cmd/start -m evening
sleep 15   # past the self-test
echo "in a session for $SESSION_S s: JVM $(cpu_percent "$pid" "$SESSION_S") % of a core${broker:+, $name $(cpu_percent "$broker" 1) %}"
echo "after the session window: JVM $(rss_mb "$pid") MB resident, $name ${broker:+$(rss_mb "$broker")} MB"
if [ "$SOAK_MIN" -gt 0 ]; then
  end=$(($(date +%s) + SOAK_MIN * 60))
  sessions=0
  while [ "$(date +%s)" -lt "$end" ]; do
    phase=$(mosquitto_sub -p "$PORT" -C 1 -W 5 -t quietlegs/bedside/state 2>/dev/null | sed -n 's/.*"phase":"\([a-z]*\)".*/\1/p')
    if [ "$phase" = idle ] || [ "$phase" = done ]; then
      mosquitto_pub -p "$PORT" -t quietlegs/bedside/cmd/start -m evening
      sessions=$((sessions + 1))
    fi
    sleep 20
  done
  echo "after $SOAK_MIN min of back-to-back evening sessions ($sessions started): JVM $(rss_mb "$pid") MB resident," \
       "$name ${broker:+$(rss_mb "$broker")} MB"
fi
