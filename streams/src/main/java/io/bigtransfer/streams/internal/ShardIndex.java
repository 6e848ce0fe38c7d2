package io.bigtransfer.streams.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The index beside a shard ({@code NAME-000000.idx} for {@code NAME-000000.tar}): UTF-8 text, a
 * first line {@value #MAGIC}, then one line per sample in the shard's order, four tab-separated
 * fields: image member name, offset of its data in the tar, data length in bytes, class index.
 */
public final class ShardIndex {
    public static final String MAGIC = "bit-shard-index 1";

    private ShardIndex() {
    }

    public static byte[] format(List<ShardEntry> entries) {
        StringBuilder text = new StringBuilder(MAGIC).append('\n');
        for (ShardEntry entry : entries) {
            text.append(entry.member()).append('\t').append(entry.offset()).append('\t').append(entry.length())
                    .append('\t').append(entry.label()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entries; an {@link IllegalArgumentException} says in words what is malformed. */
    public static List<ShardEntry> parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (!MAGIC.equals(lines[0])) {
            throw new IllegalArgumentException("it does not start with '" + MAGIC + "'");
        }
        List<ShardEntry> entries = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split("\t", -1);
            try {
                if (fields.length != 4 || fields[0].isEmpty()) {
                    throw new NumberFormatException();
                }
                ShardEntry entry = new ShardEntry(fields[0], Long.parseLong(fields[1]), Integer.parseInt(fields[2]),
                        Integer.parseInt(fields[3]));
                if (entry.offset() < 0 || entry.length() < 0 || entry.label() < 0) {
                    throw new NumberFormatException();
                }
                entries.add(entry);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not 'member, offset, length, class'");
            }
        }
        return entries;
    }
}
