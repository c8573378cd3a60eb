#!/usr/bin/env bash
# The control loop's wake-up lateness against the kernel's own limit, on the same machine.
#
# Alternating blocks of cyclictest (rt-tests) and `quietlegs bench loop`, at the same period and
# scheduling policy, idle and with the other core(s) loaded by stress-ng. /dev/cpu_dma_latency is
# held at 0 for both (cyclictest would do it for itself; Java does not). Prints one table: each
# figure for both, and the ratio Java / cyclictest, median and worst over the blocks.
#
#   sudo firmware/bench/loop-vs-cyclictest.sh            # after ./mvnw -B -DskipTests package
#   BLOCKS=5 SECONDS_PER=30 RATE=1000 PRIO=80 JAVA_OPTS="..." sudo -E firmware/bench/...
#   MQTT=1 sudo -E firmware/bench/loop-vs-cyclictest.sh  # Java with the phone remote busy: its own
#                                                        # broker, a client sending 100 commands/s
#
# Needs root (SCHED_FIFO, cpu_dma_latency) and installs rt-tests, stress-ng, python3 if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

BLOCKS=${BLOCKS:-3}
SECONDS_PER=${SECONDS_PER:-20}
RATE=${RATE:-1000}
PRIO=${PRIO:-80}
JAR=${JAR:-firmware/target/quietlegs.jar}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
# The unit's own flags (config/jvm.env) unless JAVA_OPTS says otherwise.
JAVA_OPTS=${JAVA_OPTS:-$(. config/jvm.env && printf '%s' "$JAVA_OPTS")}
PERIOD_US=$((1000000 / RATE))
MQTT_FLAG=""
[ "${MQTT:-0}" = 1 ] && MQTT_FLAG="--mqtt"
[ -n "$MQTT_FLAG" ] && missing_mqtt=$(command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || echo mosquitto)

[ "$(id -u)" -eq 0 ] || { echo "run as root: SCHED_FIFO and /dev/cpu_dma_latency need it" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: build it first with ./mvnw -B -DskipTests package" >&2; exit 2; }
missing=()
command -v cyclictest >/dev/null || missing+=(rt-tests)
command -v stress-ng >/dev/null || missing+=(stress-ng)
command -v python3 >/dev/null || missing+=(python3)
[ -n "${missing_mqtt:-}" ] && missing+=(mosquitto)
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# Held open for the script's life: the CPU stays out of deep idle states for both programs.
exec 3>/dev/cpu_dma_latency
printf '\x00\x00\x00\x00' >&3

cpus=$(nproc)
for b in $(seq 1 "$BLOCKS"); do
  for load in idle loaded; do
    stress_pid=""
    if [ "$load" = loaded ]; then
      stress-ng --cpu $((cpus > 1 ? cpus - 1 : 1)) --timeout $((SECONDS_PER * 2 + 60))s >/dev/null 2>&1 &
      stress_pid=$!
      sleep 1
    fi
    cyclictest -t1 -p "$PRIO" -i "$PERIOD_US" -D "$SECONDS_PER" -q -m -h 20000 --histfile=/dev/null \
      --json="$work/c-$b-$load.json" >/dev/null
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -jar "$JAR" bench loop --rate "$RATE" --seconds "$SECONDS_PER" --warmup 15 \
      --fifo "$PRIO" $MQTT_FLAG --json > "$work/j-$b-$load.json"
    [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null && wait "$stress_pid" 2>/dev/null || true
    echo "block $b $load done" >&2
  done
done

python3 - "$work" "$BLOCKS" "$RATE" "$PRIO" "$JAVA_OPTS" "$MQTT_FLAG" <<'PY'
import json, math, statistics, subprocess, sys
work, blocks, rate, prio, opts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
mqtt = len(sys.argv) > 6 and sys.argv[6] == "--mqtt"

def cyclic(path):
    t = json.load(open(path))["thread"]["0"]
    hist = sorted((int(k), v) for k, v in t["histogram"].items())
    total = sum(v for _, v in hist)
    def pct(f):
        rank, seen = math.ceil(f * total), 0
        for us, n in hist:
            seen += n
            if seen >= rank:
                return us
        return hist[-1][0]
    return {"p50": pct(.5), "p99": pct(.99), "p99.9": pct(.999), "max": t["max"]}

def java(path):
    j = json.load(open(path))
    return {"p50": j["p50_us"], "p99": j["p99_us"], "p99.9": j["p999_us"], "max": j["max_us"],
            "bytes/tick": j["bytes_per_tick"], "gc": j["gc_count"], "policy": j["policy"]}

print(f"kernel {subprocess.run(['uname', '-v'], capture_output=True, text=True).stdout.strip()}; "
      f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores (shared machine); "
      f"period {1000000 // int(rate)} us, SCHED_FIFO {prio}, {blocks} blocks each"
      + ("; Java with the MQTT remote busy (own broker, 100 commands/s, state read)" if mqtt else ""))
print(f"JVM flags: {opts}")
for load in ("idle", "loaded"):
    c = [cyclic(f"{work}/c-{b}-{load}.json") for b in range(1, blocks + 1)]
    j = [java(f"{work}/j-{b}-{load}.json") for b in range(1, blocks + 1)]
    print(f"\n{load}: lateness in us (median over blocks), ratio Java / cyclictest (median, worst)")
    print(f"{'figure':8} {'Java':>8} {'cyclic':>8} {'ratio':>7} {'worst':>7}")
    for f in ("p50", "p99", "p99.9", "max"):
        ratios = [a[f] / max(b[f], 1) for a, b in zip(j, c)]
        print(f"{f:8} {statistics.median(a[f] for a in j):8.0f} {statistics.median(b[f] for b in c):8.0f} "
              f"{statistics.median(ratios):7.2f} {max(ratios):7.2f}")
    print(f"Java: bytes/tick {max(a['bytes/tick'] for a in j):.3f} (worst block), GCs {sum(a['gc'] for a in j)}, "
          f"policy {j[0]['policy']}")
PY
