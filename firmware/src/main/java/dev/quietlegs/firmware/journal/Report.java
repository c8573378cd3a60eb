package dev.quietlegs.firmware.journal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one-page report for a clinician: a self-contained HTML page (no script, no font, nothing
 * fetched) with hand-drawn SVG charts that read in black and white: met nights solid, short nights
 * hatched, missed nights empty; each rating line its own marker and dash.
 */
public final class Report {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final int W = 720;

    private Report() {
    }

    /**
     * @param stats     adherence as of now, with every night since the journal's first
     * @param days      how many nights back to show (tonight only if it was used)
     * @param generated when the report was made, as the page says it
     */
    public static String html(Adherence.Stats stats, List<SessionRecord> sessions, int days, ZoneId zone,
                              String generated) {
        List<Adherence.Night> all = stats.nights();
        List<Adherence.Night> shown = new ArrayList<>();
        LocalDate from = stats.tonight().minusDays(days);
        for (Adherence.Night n : all) {
            boolean tonight = n.date().equals(stats.tonight());
            if (!n.date().isBefore(from) && (!tonight || n.sessions() > 0)) {
                shown.add(n);
            }
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>QuietLegs: evening routine report</title>")
                .append("<style>body{font:13px/1.35 sans-serif;color:#000;background:#fff;max-width:").append(W)
                .append("px;margin:12px auto}h1{font-size:18px;margin:0 0 2px}h2{font-size:14px;margin:12px 0 2px}")
                .append("p{margin:2px 0}.note{border:2px solid #000;padding:4px 8px;margin:6px 0;font-weight:bold}")
                .append("table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #000;padding:1px 5px;text-align:left}")
                .append("svg{display:block}.small{font-size:11px}")
                .append("@media print{body{margin:0;zoom:0.82}@page{size:A4;margin:10mm}}</style></head><body>");
        h.append("<h1>QuietLegs: evening routine report</h1>");
        int used = 0;
        double usedMinutes = 0;
        int met = 0;
        for (Adherence.Night n : shown) {
            if (n.sessions() > 0) {
                used++;
                usedMinutes += n.minutes();
            }
            met += n.met() ? 1 : 0;
        }
        h.append("<p>").append(shown.isEmpty() ? "no nights" : esc(shown.get(0).date().format(LONG) + " to "
                + shown.get(shown.size() - 1).date().format(LONG))).append(" (").append(shown.size())
                .append(" nights; a night runs noon to noon). Target each evening: ").append(esc(stats.target().describe()))
                .append(". Made ").append(esc(generated)).append(".</p>");
        h.append("<p><b>Target met</b> on ").append(met).append(" of ").append(shown.size()).append(" nights")
                .append(shown.isEmpty() ? "" : " (" + pct((double) met / shown.size()) + ")")
                .append("; last 7 nights ").append(stats.share7() == null ? "n/a" : pct(stats.share7()))
                .append(", last 30 nights ").append(stats.share30() == null ? "n/a" : pct(stats.share30()))
                .append(". Used on ").append(used).append(" nights, ")
                .append(used == 0 ? "" : String.format(Locale.ROOT, "%.0f", usedMinutes / used) + " min of therapy on average; ")
                .append("current run ").append(stats.streak()).append(" nights, longest ").append(stats.bestStreak())
                .append(".</p>");
        outcomes(h, sessions, from, zone);
        if (stats.note() != null) {
            h.append("<p class=\"note\">Reported onset moved ").append(Math.round(stats.onsetShiftMin() / 60 * 10) / 10.0)
                    .append(" hours earlier, last week against the week before: ").append(esc(stats.note()))
                    .append(".</p>");
        }
        h.append("<h2>Nights: target met (solid), used but short of it (hatched), not used (empty)</h2>");
        h.append(calendar(shown));
        h.append("<h2>Minutes of therapy per night</h2>");
        h.append(minutes(shown));
        h.append("<h2>Ratings, 0-10 (restless legs before and after the session; legs during the night; sleep)</h2>");
        h.append(ratings(shown));
        h.append("<h2>When the symptoms began, as reported each morning</h2>");
        h.append(onset(shown));
        h.append("<h2>IRLS totals (0-40)</h2>");
        h.append(irls(shown));
        h.append("<p class=\"small\">Ratings are the person's own, entered on the unit: restless legs \"now\", 0 none to 10 worst;"
                + " legs during the night 0-10; sleep 0 very badly to 10 very well. Information for the person and their"
                + " clinician: not a diagnosis, not advice on medication.</p>");
        return h.append("</body></html>\n").toString();
    }

    private static void outcomes(StringBuilder h, List<SessionRecord> sessions, LocalDate from, ZoneId zone) {
        int[] n = new int[SessionRecord.Outcome.values().length];
        int unsynced = 0;
        List<String> faults = new ArrayList<>();
        for (SessionRecord s : sessions) {
            if (Adherence.night(s.startedAt(), zone).isBefore(from)) {
                continue;
            }
            n[s.outcome().ordinal()]++;
            unsynced += Boolean.TRUE.equals(s.clockSynced()) ? 0 : 1;
            if (s.faultCode() != null) {
                faults.add(Adherence.night(s.startedAt(), zone).format(DAY) + " " + s.faultCode());
            }
        }
        h.append("<p>Sessions: ");
        List<String> parts = new ArrayList<>();
        for (SessionRecord.Outcome o : SessionRecord.Outcome.values()) {
            if (n[o.ordinal()] > 0) {
                parts.add(n[o.ordinal()] + " " + o.wire());
            }
        }
        h.append(parts.isEmpty() ? "none" : esc(String.join(", ", parts)));
        if (!faults.isEmpty()) {
            h.append("; faults: ").append(esc(String.join(", ", faults.subList(0, Math.min(6, faults.size())))))
                    .append(faults.size() > 6 ? ", …" : "");
        }
        if (unsynced > 0) {
            h.append("; ").append(unsynced).append(" started before the unit's clock was synchronised (times approximate)");
        }
        h.append(".</p>");
    }

    private static String svgOpen(int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + height + "\" viewBox=\"0 0 " + W
                + " " + height + "\" font-family=\"sans-serif\" font-size=\"10\"><defs><pattern id=\"hatch\" width=\"5\""
                + " height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"5\""
                + " height=\"5\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#000\" stroke-width=\"1.6\"/>"
                + "</pattern></defs>";
    }

    /** Weeks as rows, Monday first. */
    static String calendar(List<Adherence.Night> nights) {
        if (nights.isEmpty()) {
            return "<p>no nights</p>";
        }
        LocalDate first = nights.get(0).date().with(DayOfWeek.MONDAY);
        LocalDate last = nights.get(nights.size() - 1).date();
        int weeks = (int) ((last.toEpochDay() - first.toEpochDay()) / 7) + 1;
        int cell = 24;
        int left = 60;
        StringBuilder s = new StringBuilder(svgOpen(18 + weeks * (cell + 2)));
        for (int d = 0; d < 7; d++) {
            s.append(text(left + d * (cell + 2) + cell / 2, 12, "middle",
                    DayOfWeek.of(d + 1).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)));
        }
        for (int w = 0; w < weeks; w++) {
            s.append(text(left - 6, 18 + w * (cell + 2) + 16, "end", first.plusWeeks(w).format(DAY)));
        }
        for (Adherence.Night n : nights) {
            long i = n.date().toEpochDay() - first.toEpochDay();
            int x = left + (int) (i % 7) * (cell + 2);
            int y = 18 + (int) (i / 7) * (cell + 2);
            String fill = n.met() ? "#000" : n.sessions() > 0 ? "url(#hatch)" : "#fff";
            s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(cell)
                    .append("\" height=\"").append(cell).append("\" fill=\"").append(fill)
                    .append("\" stroke=\"#000\"><title>").append(n.date()).append(": ")
                    .append(String.format(Locale.ROOT, "%.0f", n.minutes())).append(" min</title></rect>");
            String label = String.valueOf(n.date().getDayOfMonth());
            s.append("<text x=\"").append(x + cell / 2).append("\" y=\"").append(y + 16).append("\" text-anchor=\"middle\"")
                    .append(n.met() ? " fill=\"#fff\"" : n.sessions() > 0 ? " fill=\"#000\" stroke=\"#fff\" stroke-width=\"3\""
                            + " paint-order=\"stroke\"" : "").append(">").append(label).append("</text>");
        }
        int kx = left + 7 * (cell + 2) + 30;
        String[][] key = {{"#000", "target met"}, {"url(#hatch)", "used, short of the target"}, {"#fff", "not used"}};
        for (int k = 0; k < key.length; k++) {
            s.append("<rect x=\"").append(kx).append("\" y=\"").append(20 + k * 20).append("\" width=\"14\" height=\"14\" fill=\"")
                    .append(key[k][0]).append("\" stroke=\"#000\"/>").append(text(kx + 20, 31 + k * 20, "start", key[k][1]));
        }
        return s.append("</svg>").toString();
    }

    /** A bar per night, the planned length as a dashed line when the target is in minutes. */
    static String minutes(List<Adherence.Night> nights) {
        double max = 20;
        for (Adherence.Night n : nights) {
            max = Math.max(max, n.minutes());
        }
        max = Math.ceil(max / 10) * 10;
        int h = 120;
        Plot p = new Plot(nights, 0, max, h);
        StringBuilder s = new StringBuilder(svgOpen(h + 34));
        p.axes(s, max <= 60 ? 10 : 20, "min");
        double bw = Math.max(2, p.step() * 0.7);
        for (int i = 0; i < nights.size(); i++) {
            Adherence.Night n = nights.get(i);
            if (n.minutes() <= 0) {
                continue;
            }
            double x = p.x(i) - bw / 2;
            double y = p.y(n.minutes());
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
                    + " stroke=\"#000\" stroke-width=\"0.8\"/>", x, y, bw, p.y(0) - y, n.met() ? "#000" : "url(#hatch)"));
        }
        return s.append("</svg>").toString();
    }

    /** Each rating its own line: marker and dash tell them apart without colour. */
    static String ratings(List<Adherence.Night> nights) {
        int h = 130;
        Plot p = new Plot(nights, 0, 10, h);
        StringBuilder s = new StringBuilder(svgOpen(h + 50));
        p.axes(s, 2, "");
        series(s, p, nights, Adherence.Night::before, "", "circle-filled");
        series(s, p, nights, Adherence.Night::after, "5,3", "circle-open");
        series(s, p, nights, Adherence.Night::night, "1.5,2.5", "square");
        series(s, p, nights, Adherence.Night::sleep, "9,3,2,3", "triangle");
        String[][] key = {{"", "circle-filled", "restless before"}, {"5,3", "circle-open", "restless after"},
            {"1.5,2.5", "square", "legs during the night"}, {"9,3,2,3", "triangle", "sleep (10 = very well)"}};
        for (int k = 0; k < key.length; k++) {
            double x = Plot.LEFT + k * 165;
            double y = h + 42;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\""
                    + " stroke-width=\"1.4\"%s/>", x, y - 4, x + 30, y - 4, dash(key[k][0])));
            marker(s, key[k][1], x + 15, y - 4);
            s.append(text((int) x + 36, (int) y, "start", key[k][2]));
        }
        return s.append("</svg>").toString();
    }

    static String irls(List<Adherence.Night> nights) {
        boolean any = nights.stream().anyMatch(n -> n.irls() != null);
        if (!any) {
            return "<p>no IRLS totals entered in this period</p>";
        }
        int h = 100;
        Plot p = new Plot(nights, 0, 40, h);
        StringBuilder s = new StringBuilder(svgOpen(h + 34));
        p.axes(s, 10, "");
        String[] bands = {"mild", "moderate", "severe", "very severe"};
        for (int b = 0; b < 4; b++) {
            s.append(text(W - 4, (int) p.y(b * 10 + 5) + 3, "end", bands[b]));
        }
        series(s, p, nights, Adherence.Night::irls, "", "square");
        return s.append("</svg>").toString();
    }

    /** The evening's onset, 17:00 to 03:00 (minutes since noon on the axis, so midnight is not a jump). */
    static String onset(List<Adherence.Night> nights) {
        if (nights.stream().noneMatch(n -> n.onset() != null)) {
            return "<p>no onset times reported in this period</p>";
        }
        int h = 90;
        Plot p = new Plot(nights, 5 * 60, 15 * 60, h);
        StringBuilder s = new StringBuilder(svgOpen(h + 34));
        p.axes(s, 120, "", v -> String.format(Locale.ROOT, "%02d:00", (12 + (int) Math.round(v) / 60) % 24));
        series(s, p, nights, n -> n.onset() == null ? null
                : Math.min(15 * 60, Math.max(5 * 60, Math.floorMod(n.onset().getHour() * 60 + n.onset().getMinute() - 720,
                        1440))), "", "circle-filled");
        return s.append("</svg>").toString();
    }

    private static void series(StringBuilder s, Plot p, List<Adherence.Night> nights,
                               Function<Adherence.Night, Integer> value, String dash, String marker) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < nights.size(); i++) {
            Integer v = value.apply(nights.get(i));
            if (v == null) {
                continue;
            }
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", p.x(i), p.y(v)));
        }
        if (path.isEmpty()) {
            return;
        }
        s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.4\"")
                .append(dash(dash)).append("/>");
        for (int i = 0; i < nights.size(); i++) {
            Integer v = value.apply(nights.get(i));
            if (v != null) {
                marker(s, marker, p.x(i), p.y(v));
            }
        }
    }

    private static String dash(String d) {
        return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
    }

    private static void marker(StringBuilder s, String kind, double x, double y) {
        switch (kind) {
            case "circle-filled" -> s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", x, y));
            case "circle-open" -> s.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#fff\" stroke=\"#000\"/>", x, y));
            case "square" -> s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\" fill=\"#fff\" stroke=\"#000\"/>", x - 3, y - 3));
            default -> s.append(String.format(Locale.ROOT,
                    "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f Z\" fill=\"#fff\" stroke=\"#000\"/>", x, y - 4, x + 4, y + 3,
                    x - 4, y + 3));
        }
    }

    private static String text(int x, int y, String anchor, String t) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + esc(t) + "</text>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String pct(double share) {
        return Math.round(share * 100) + " %";
    }

    /** Nights along x, a value along y. */
    private record Plot(List<Adherence.Night> nights, double min, double max, int height) {
        static final int LEFT = 40;
        static final int RIGHT = 70;
        static final int TOP = 6;

        double step() {
            return (double) (W - LEFT - RIGHT) / Math.max(1, nights.size());
        }

        double x(int i) {
            return LEFT + step() * (i + 0.5);
        }

        double y(double v) {
            return TOP + height - (v - min) / (max - min) * height;
        }

        void axes(StringBuilder s, double tick, String unit) {
            axes(s, tick, unit, v -> String.format(Locale.ROOT, "%.0f", v));
        }

        void axes(StringBuilder s, double tick, String unit, Function<Double, String> label) {
            for (double v = min; v <= max + 1e-9; v += tick) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#bbb\""
                        + " stroke-width=\"0.6\"/>", LEFT, y(v), W - RIGHT, y(v)));
                s.append(text(LEFT - 4, (int) y(v) + 3, "end", label.apply(v)));
            }
            if (!unit.isEmpty()) {
                s.append(text(LEFT - 4, TOP + height + 26, "end", unit));
            }
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\"/>",
                    LEFT, y(min), W - RIGHT, y(min)));
            for (int i = 0; i < nights.size(); i++) {
                LocalDate d = nights.get(i).date();
                if (d.getDayOfWeek() == DayOfWeek.MONDAY || nights.size() <= 10) {
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\"/>",
                            x(i), y(min), x(i), y(min) + 4));
                    s.append(text((int) x(i), (int) y(min) + 15, "middle", d.format(DAY)));
                }
            }
        }
    }
}
