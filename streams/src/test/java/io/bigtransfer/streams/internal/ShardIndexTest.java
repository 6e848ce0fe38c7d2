package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardIndexTest {
    @Test
    void formatsOneTabSeparatedLinePerSampleAfterTheMagicLine() {
        List<ShardEntry> entries = List.of(new ShardEntry("000000000.jpg", 512, 1000, 3),
                new ShardEntry("000000001.png", 2560, 7, 0));
        byte[] text = ShardIndex.format(entries);

        assertEquals("bit-shard-index 1\n000000000.jpg\t512\t1000\t3\n000000001.png\t2560\t7\t0\n",
                new String(text, StandardCharsets.UTF_8));
        assertEquals(entries, ShardIndex.parse(text));
    }

    @Test
    void malformedIndicesAreRefusedSayingWhere() {
        assertEquals("it does not start with 'bit-shard-index 1'", assertThrows(IllegalArgumentException.class,
                () -> ShardIndex.parse("x\n".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("line 3 is not 'member, offset, length, class'", assertThrows(IllegalArgumentException.class,
                () -> ShardIndex.parse("bit-shard-index 1\na.jpg\t512\t1\t0\nb.jpg\t-1\t1\t0\n"
                        .getBytes(StandardCharsets.UTF_8))).getMessage());
    }
}
