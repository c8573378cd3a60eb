package dev.quietlegs.firmware.journal;

import dev.quietlegs.firmware.json.Json;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The journal as data: one CSV of sessions and diary entries, or one JSON object, for export and the report. */
public final class Csv {

    static final String HEADER = "record,night,local_time,clock_synced,program,planned_min,delivered_min,duration_min,"
            + "pauses,outcome,stopped_by,fault_code,self_test,vibration,intensity,reason,entry,restless,sleep,"
            + "falling_asleep,during_night,onset,irls";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Csv() {
    }

    public static String csv(List<SessionRecord> sessions, List<DiaryEntry> diary, ZoneId zone) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (SessionRecord s : sessions) {
            row(b, "session", Adherence.night(s.startedAt(), zone), local(s.startedAt(), zone), s.clockSynced(),
                    s.program(), min(s.plannedS()), min(s.deliveredS()), min(s.durationS()), s.pauses(),
                    s.outcome().wire(), s.stoppedBy(), s.faultCode(), s.selfTest(), s.vibration(), s.intensity(),
                    s.reason(), null, null, null, null, null, null, null);
        }
        for (DiaryEntry e : diary) {
            row(b, "diary", Adherence.night(e, zone), local(e.at(), zone), e.clockSynced(), null, null, null, null,
                    null, null, null, null, null, null, null, null, e.kind().wire(), e.restless(), e.sleep(),
                    e.falling(), e.night(), e.onset(), e.irls());
        }
        return b.toString();
    }

    public static String json(List<SessionRecord> sessions, List<DiaryEntry> diary, ZoneId zone) {
        Json j = new Json().begin().field("zone", zone.getId());
        j.key("sessions").beginArray();
        for (SessionRecord s : sessions) {
            j.begin().field("started_at", s.startedAt().toString()).field("night", Adherence.night(s.startedAt(), zone)
                    .toString());
            synced(j, s.clockSynced());
            j.field("program", s.program()).field("planned_s", s.plannedS(), 1).field("duration_s", s.durationS(), 1)
                    .field("delivered_s", s.deliveredS(), 1).field("pauses", s.pauses())
                    .field("outcome", s.outcome().wire()).field("stopped_by", s.stoppedBy())
                    .field("fault_code", s.faultCode()).field("reason", s.reason()).field("self_test", s.selfTest())
                    .field("vibration", s.vibration()).field("intensity", s.intensity()).end();
        }
        j.endArray();
        j.key("diary").beginArray();
        for (DiaryEntry e : diary) {
            j.begin().field("at", e.at().toString()).field("night", Adherence.night(e, zone).toString());
            synced(j, e.clockSynced());
            j.field("entry", e.kind().wire());
            number(j, "restless", e.restless());
            number(j, "sleep", e.sleep());
            number(j, "falling_asleep", e.falling());
            number(j, "during_night", e.night());
            j.field("onset", e.onset() == null ? null : e.onset().toString());
            number(j, "irls", e.irls());
            j.end();
        }
        return j.endArray().end().toString();
    }

    private static void synced(Json j, Boolean b) {
        j.key("clock_synced");
        if (b == null) {
            j.nullValue();
        } else {
            j.value(b);
        }
    }

    private static void number(Json j, String key, Integer v) {
        if (v != null) {
            j.field(key, (long) v);
        }
    }

    private static String local(java.time.Instant at, ZoneId zone) {
        return LocalDateTime.ofInstant(at, zone).format(LOCAL);
    }

    private static String min(double s) {
        return String.format(Locale.ROOT, "%.1f", s / 60);
    }

    private static void row(StringBuilder b, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            Object c = cells[i];
            String v = c == null ? "" : c instanceof Boolean x ? (x ? "yes" : "no") : c.toString();
            // Quoted when it must be; a leading =, +, - or @ would be a formula to a spreadsheet.
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !(c instanceof Number)) {
                v = "'" + v;
            }
            b.append(v.contains(",") || v.contains("\"") || v.contains("\n") ? '"' + v.replace("\"", "\"\"") + '"' : v);
        }
        b.append('\n');
    }
}
