package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.firmware.safety.Fault;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The confusion matrix of the diagnoses: for each kind of fault injected (rows), how many of its
 * detected cells named each cause (columns). A fault naming two causes counts in both columns, so
 * a row can add up to more than its cells; a fault naming none (a failed self-test says only what
 * it saw) counts as {@code none}. Only detected cells count, and only kinds that have a cause (not
 * a dead process).
 */
public final class DiagnosisMatrix {

    /** One injected kind's detected cells. */
    public static final class Row {
        private final FaultKind kind;
        private int detected;
        private int right;
        private int none;
        private final Map<Cause, Integer> named = new EnumMap<>(Cause.class);
        private final Map<String, Integer> wrong = new TreeMap<>();

        private Row(FaultKind kind) {
            this.kind = kind;
        }

        public FaultKind kind() {
            return kind;
        }

        public int detected() {
            return detected;
        }

        /** The cells {@link Diagnosis#right} holds for. */
        public int right() {
            return right;
        }

        public double rightShare() {
            return share(right, detected);
        }

        /** The cells that named {@code c} (alone or with another). */
        public int named(Cause c) {
            return named.getOrDefault(c, 0);
        }

        /** The cells that named no cause. */
        public int none() {
            return none;
        }

        /** The wrong diagnoses ({@link Diagnosis#named}) and their cells, the most frequent first. */
        public List<Map.Entry<String, Integer>> wrong() {
            List<Map.Entry<String, Integer>> out = new ArrayList<>(wrong.entrySet());
            out.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            return out;
        }
    }

    private final Map<FaultKind, Row> rows = new EnumMap<>(FaultKind.class);

    /** The matrix of the detected cells of {@code outcomes}. */
    public static DiagnosisMatrix of(Iterable<FaultSweep.Outcome> outcomes) {
        DiagnosisMatrix m = new DiagnosisMatrix();
        for (FaultSweep.Outcome o : outcomes) {
            if (o.result() == FaultSweep.Result.DETECTED) {
                m.add(o.cell().fault().kind(), o.fault());
            }
        }
        return m;
    }

    /** Counts one detected cell: {@code injected} was named as {@code fault}. A dead process is not counted. */
    public void add(FaultKind injected, Fault fault) {
        if (injected.cause().isEmpty()) {
            return;
        }
        Row r = rows.computeIfAbsent(injected, Row::new);
        r.detected++;
        if (Diagnosis.right(injected, fault)) {
            r.right++;
        } else {
            r.wrong.merge(Diagnosis.named(fault), 1, Integer::sum);
        }
        fault.causes().forEach(c -> r.named.merge(c, 1, Integer::sum));
        if (fault.causes().isEmpty()) {
            r.none++;
        }
    }

    /** The kinds with a detected cell, in the kinds' order. */
    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public int detected() {
        return rows.values().stream().mapToInt(Row::detected).sum();
    }

    public int right() {
        return rows.values().stream().mapToInt(Row::right).sum();
    }

    /** The share of every detected cell that was rightly diagnosed; NaN with none. */
    public double rightShare() {
        return share(right(), detected());
    }

    /** Writes the matrix as one JSON object: the totals and a row per kind. */
    public Json write(Json j) {
        j.begin().field("detected", detected()).field("right", right()).field("right_share", rightShare(), 4);
        j.key("rows").beginArray();
        for (Row r : rows.values()) {
            j.begin().field("fault", r.kind().wire()).field("expected", r.kind().cause().orElseThrow().wire())
                    .field("detected", r.detected()).field("right", r.right())
                    .field("right_share", r.rightShare(), 4);
            j.key("named").begin();
            r.named.forEach((c, n) -> j.field(c.wire(), n));
            j.field("none", r.none()).end();
            j.key("wrong").begin();
            r.wrong().forEach(e -> j.field(e.getKey(), e.getValue()));
            j.end().end();
        }
        return j.endArray().end();
    }

    private static double share(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
