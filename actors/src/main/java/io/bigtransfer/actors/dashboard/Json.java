package io.bigtransfer.actors.dashboard;

import java.util.Locale;
import java.util.StringJoiner;

/** JSON text for the API: an object built field by field, in the order added. */
final class Json {
    private final StringJoiner fields = new StringJoiner(",", "{", "}");

    Json text(String name, String value) {
        return raw(name, value == null ? "null" : quote(value));
    }

    /** A number, or null for NaN and the infinities, which JSON cannot hold. */
    Json number(String name, double value) {
        return raw(name, number(value));
    }

    Json raw(String name, String json) {
        fields.add(quote(name) + ":" + json);
        return this;
    }

    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).toLowerCase(Locale.ROOT);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    static String array(Iterable<String> jsonValues) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        jsonValues.forEach(array::add);
        return array.toString();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
