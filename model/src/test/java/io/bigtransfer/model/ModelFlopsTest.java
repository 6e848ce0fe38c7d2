package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.config.ModelSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelFlopsTest {

    @Test
    void handCountedTinyNetwork() {
        // Root 4, widths (mid, out): (4, 16), (8, 32), (16, 64), (32, 128); 8x8 input -> 4x4 conv -> 2x2 pool.
        // root 4*4*49*3*4 = 9408; block1 at 2x2: 64+576+256+256 = 1152; block2 2x2 -> 1x1: 512+576+256+512 = 1856;
        // block3 at 1x1: 512+2304+1024+2048 = 5888; block4: 2048+9216+4096+8192 = 23552; head 128*3 = 384.
        ModelSpec spec = new ModelSpec(new int[] {1, 1, 1, 1}, 0.0625, 2, 3);
        assertEquals(42240, ModelFlops.forwardMacs(spec, 8, 8));
    }

    @Test
    void resNet50AtImageNetSizeIsAboutFourGigaMacs() {
        // ResNet-50 (the same convolutions, stride on the 3x3) is 4.09 GMACs at 224x224 with a 1000-class head.
        ModelSpec r50 = Variants.spec(new ModelSettings(Optional.of("BiT-M-R50x1"), List.of(3, 4, 6, 3), 1, 32, Optional.empty()), 1000);
        assertEquals(4.09e9, ModelFlops.forwardMacs(r50, 224, 224), 0.01 * 4.09e9);
        assertEquals(24.5e9, ModelFlops.trainingFlopsPerImage(r50, 224, 224), 0.02 * 24.5e9);
    }
}
