package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.Snapshot;
import dev.quietlegs.firmware.journal.Adherence;
import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import java.util.ArrayList;
import java.util.List;

/** The JSON the unit publishes: its state, and its events. */
public final class Payloads {

    private final List<String> chambers;

    public Payloads(List<String> chamberNames) {
        this.chambers = List.copyOf(chamberNames);
    }

    /** The retained {@code state}: what a phone shows. */
    public String state(Snapshot s) {
        Json j = new Json().begin()
                .field("phase", s.phase().wire())
                .field("program", s.program())
                .field("elapsed_s", Math.floor(s.elapsedS()))
                .field("remaining_s", Math.ceil(s.remainingS()))
                .field("vibration_level", s.vibrationLevel(), 1)
                .field("vibration_setting", s.vibrationSetting())
                .field("intensity", s.intensity());
        j.key("chambers").beginArray();
        for (int i = 0; i < s.chambers(); i++) {
            j.begin().field("name", chambers.get(i)).field("pressure_mmhg", s.pressure(i), 1)
                    .field("target_mmhg", s.target(i), 1).end();
        }
        j.endArray();
        j.key("fault");
        fault(j, s.fault());
        return j.end().toString();
    }

    /** The retained {@code programs}: the default, and each program's name, words and length. */
    public static String programs(java.util.Collection<Program> programs, String defaultName) {
        Json j = new Json().begin().field("default", defaultName);
        j.key("programs").beginArray();
        for (Program p : programs) {
            j.begin().field("name", p.name()).field("description", p.description())
                    .field("minutes", p.durationS() / 60.0, 1).field("vibration", p.vibration().isPresent())
                    .field("compression", p.compression().isPresent()).end();
        }
        return j.endArray().end().toString();
    }

    /**
     * The retained {@code stats}: last night's minutes, adherence over 7 and 30 nights (percent, null
     * before a first whole night), the streak, the latest ratings and the onset note.
     */
    public static String stats(Adherence.Stats s) {
        Adherence.Night r = s.lastRatings();
        Json j = new Json().begin()
                .field("night", s.tonight().toString())
                .field("target", s.target().describe())
                .field("last_night_min", s.lastNightMinutes(), 1)
                .field("tonight_min", s.tonightMinutes(), 1);
        percent(j, "adherence_7d", s.share7());
        percent(j, "adherence_30d", s.share30());
        j.field("nights_7d", s.nights7()).field("nights_30d", s.nights30())
                .field("streak", s.streak()).field("best_streak", s.bestStreak());
        j.key("ratings_night").value(r == null ? null : r.date().toString());
        rating(j, "restless_before", r == null ? null : r.before());
        rating(j, "restless_after", r == null ? null : r.after());
        rating(j, "sleep", r == null ? null : r.sleep());
        rating(j, "falling_asleep", r == null ? null : r.falling());
        rating(j, "during_night", r == null ? null : r.night());
        rating(j, "irls", r == null ? null : r.irls());
        j.key("onset_shift_min");
        if (s.onsetShiftMin() == null) {
            j.nullValue();
        } else {
            j.value(Math.round(s.onsetShiftMin()));
        }
        return j.field("note", s.note()).end().toString();
    }

    /** Nights in the retained {@code history}: five weeks, enough for a calendar and the 30-night share. */
    public static final int HISTORY_NIGHTS = 35;

    /**
     * The retained {@code history}: tonight, the target, and the last {@link #HISTORY_NIGHTS} nights
     * up to tonight, oldest first, each with its minutes, sessions, whether it met the target and
     * its ratings ({@code null} where none was given). Nights before the journal's first are left out.
     */
    public static String history(Adherence.Stats s) {
        List<Adherence.Night> all = s.nights();
        Json j = new Json().begin().field("night", s.tonight().toString()).field("target", s.target().describe());
        j.key("nights").beginArray();
        for (Adherence.Night n : all.subList(Math.max(0, all.size() - HISTORY_NIGHTS), all.size())) {
            j.begin().field("date", n.date().toString()).field("min", n.minutes(), 1).field("sessions", n.sessions())
                    .field("met", n.met());
            rating(j, "before", n.before());
            rating(j, "after", n.after());
            rating(j, "sleep", n.sleep());
            rating(j, "falling", n.falling());
            rating(j, "night", n.night());
            j.key("onset").value(n.onset() == null ? null : n.onset().toString());
            rating(j, "irls", n.irls());
            j.end();
        }
        return j.endArray().end().toString();
    }

    private static void percent(Json j, String key, Double share) {
        j.key(key);
        if (share == null) {
            j.nullValue();
        } else {
            j.value(Math.round(share * 1000) / 10.0);
        }
    }

    private static void rating(Json j, String key, Integer v) {
        j.key(key);
        if (v == null) {
            j.nullValue();
        } else {
            j.value((long) v);
        }
    }

    /** The {@code events} a thing that happened gives: one, or two for a session's start and end. */
    public List<String> events(Event e) {
        List<String> out = new ArrayList<>(2);
        switch (e) {
            case Event.CommandResult r -> out.add(command(r.command().kind().wire(), r.command().origin(), r.error()));
            case Event.PhaseChange pc -> {
                out.add(new Json().begin().field("type", "phase").field("from", pc.from().wire())
                        .field("to", pc.to().wire()).field("reason", pc.why()).field("program", pc.program()).end()
                        .toString());
                String session = session(pc.from(), pc.to());
                if (session != null) {
                    out.add(new Json().begin().field("type", "session").field("event", session)
                            .field("program", pc.program()).field("reason", pc.why()).end().toString());
                }
            }
            case Event.FaultRaised f -> {
                Json j = new Json().begin().field("type", "fault").field("code", f.fault().code().wire())
                        .field("message", f.fault().message())
                        .field("chamber", f.fault().chamber() < 0 ? null : chambers.get(f.fault().chamber()));
                out.add(causes(j, f.fault()).end().toString());
            }
        }
        return out;
    }

    /** The answer to a command: {@code ok}, or an error naming the command and the reason. */
    public static String command(String name, String origin, String error) {
        Json j = new Json().begin().field("type", "command").field("command", name).field("origin", origin)
                .field("result", error == null ? "ok" : "error");
        if (error != null) {
            j.field("reason", error);
        }
        return j.end().toString();
    }

    private static String session(Phase from, Phase to) {
        if (to == Phase.STARTING) {
            return "started";
        }
        if (to == Phase.DONE) {
            return "completed";
        }
        if (from == Phase.STOPPING && to == Phase.IDLE) {
            return "stopped";
        }
        if (to == Phase.FAULT && from.active()) {
            return "faulted";
        }
        return null;
    }

    private void fault(Json j, Fault f) {
        if (f == null) {
            j.nullValue();
        } else {
            causes(j.begin().field("code", f.code().wire()).field("message", f.message())
                    .field("chamber", f.chamber() < 0 ? null : chambers.get(f.chamber())), f).end();
        }
    }

    /** The parts to look at, by their stable wire names. */
    private static Json causes(Json j, Fault f) {
        j.key("causes").beginArray();
        for (var c : f.causes()) {
            j.value(c.wire());
        }
        return j.endArray();
    }
}
