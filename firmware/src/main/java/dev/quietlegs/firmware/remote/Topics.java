package dev.quietlegs.firmware.remote;

/** The unit's topics, all under {@code quietlegs/<device-id>/}. */
public record Topics(String deviceId) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public String base() {
        return "quietlegs/" + deviceId + "/";
    }

    public String availability() {
        return base() + "availability";
    }

    public String state() {
        return base() + "state";
    }

    /** The programs the unit offers, retained: a phone lists them without knowing them beforehand. */
    public String programs() {
        return base() + "programs";
    }

    public String events() {
        return base() + "events";
    }

    /** The evening routine's figures, retained: last night, adherence, streak, ratings. */
    public String stats() {
        return base() + "stats";
    }

    /**
     * The last nights, retained: date, minutes, target met, ratings. Health data: on the unit's own
     * broker only its users may read it (the ACL gives the phone user {@code quietlegs/<id>/#} alone).
     */
    public String history() {
        return base() + "history";
    }

    public String command(String name) {
        return base() + "cmd/" + name;
    }

    /** The subscription for every command. */
    public String commands() {
        return base() + "cmd/+";
    }

    /** The command name of a topic under {@code cmd/}, or {@code null}. */
    public String commandName(String topic) {
        String prefix = base() + "cmd/";
        return topic.startsWith(prefix) ? topic.substring(prefix.length()) : null;
    }
}
