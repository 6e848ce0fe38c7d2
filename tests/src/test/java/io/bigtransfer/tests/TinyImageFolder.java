package io.bigtransfer.tests;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a small labelled image folder of real PNG and JPEG files: class c draws a bright bar at a
 * class-specific place on a noisy background, so a network can learn it in a few steps.
 */
final class TinyImageFolder {
    static final String[] CLASSES = {"bars", "dots", "waves"};

    private TinyImageFolder() {
    }

    static Path write(Path root, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        for (int c = 0; c < CLASSES.length; c++) {
            Path folder = Files.createDirectories(root.resolve(CLASSES[c]));
            for (int i = 0; i < perClass; i++) {
                int height = 18 + random.nextInt(6);
                int width = 18 + random.nextInt(8);
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        boolean bar = (y * CLASSES.length) / height == c;
                        int grey = bar ? 200 + random.nextInt(55) : random.nextInt(90);
                        image.setRGB(x, y, (grey << 16) | (grey / 2 << 8) | (255 - grey));
                    }
                }
                String format = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(image, format, folder.resolve(String.format("%03d.%s", i, format)).toFile());
            }
        }
        return root;
    }
}
