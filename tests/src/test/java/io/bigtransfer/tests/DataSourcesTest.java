package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.streams.s3.EmbeddedS3Store;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One data set, four ways in: the image folder, tar shards packed by {@code bit shard} (locally and
 * straight to S3), the folder uploaded to S3, and the folder served by the embedded S3 server. The
 * listing, and so every sample index, is the same, so a job trains bit-identical parameters. Checkpoints
 * in S3 continue a run exactly.
 */
class DataSourcesTest {
    @TempDir
    static Path dir;
    private static Path images;
    private static EmbeddedS3Store store;
    private static List<String> s3Settings;
    private static NamedBuffers fromFolder;

    @BeforeAll
    static void start() throws Exception {
        images = TinyImageFolder.write(dir.resolve("images"), 5, 51);
        store = EmbeddedS3Store.start(dir.resolve("s3"));
        store.importFolder(images, S3Uri.parse("s3://data/images/"));
        S3Settings settings = store.settings(S3Settings.create(BitConfig.load(Optional.empty(), List.of())));
        s3Settings = List.of("bit.s3.endpoint=" + settings.endpoint().orElseThrow(), "bit.s3.path-style-access=true",
                "bit.s3.access-key-id=" + settings.accessKeyId().orElseThrow(),
                "bit.s3.secret-access-key=" + settings.secretAccessKey().orElseThrow());
        fromFolder = train(images.toString());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static List<String> settings(String location, String... extra) {
        List<String> settings = new ArrayList<>(List.of("bit.data.train=" + location, "bit.data.resolution=16",
                "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2", "bit.train.steps=3",
                "bit.train.batch=6", "bit.train.lr=0.05", "bit.train.seed=2", "bit.backend.threads=2"));
        settings.addAll(s3Settings);
        settings.addAll(List.of(extra));
        return settings;
    }

    private static NamedBuffers train(String location, String... extra) {
        TrainingEvent end = TrainingJob.prepare(BitConfig.load(Optional.empty(), settings(location, extra)), dir)
                .run(event -> { });
        return assertInstanceOf(TrainingEvent.Finished.class, end, end.toString()).state().parameters().parameters();
    }

    private static String shard(String output) {
        List<String> args = new ArrayList<>(List.of("shard", "--input", images.toString(), "--output", output,
                "--per-shard", "4"));
        args.addAll(s3Settings);
        CommandRun run = CommandRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }

    private static void assertSameParameters(NamedBuffers actual) {
        for (NamedBuffer parameter : fromFolder.buffers()) {
            assertArrayEquals(parameter.data(), actual.get(parameter.name()).data(), parameter.name());
        }
    }

    @Test
    void localShardsTrainTheSameParameters() {
        String report = shard(dir.resolve("shards").toString());
        assertTrue(report.startsWith("wrote 15 images of 3 classes into 4 shards at "), report);
        assertSameParameters(train(dir.resolve("shards").toString()));
    }

    @Test
    void shardsWrittenToS3TrainTheSameParameters() {
        store.createBucket("packed");
        shard("s3://packed/fmnist/");
        assertSameParameters(train("s3://packed/fmnist/"));
    }

    @Test
    void anImageFolderInS3TrainsTheSameParameters() {
        assertSameParameters(train("s3://data/images/"));
    }

    @Test
    void checkpointsInS3ContinueExactlyAndEvaluate() throws Exception {
        store.createBucket("runs");
        train(images.toString(), "bit.checkpoint.dir=s3://runs/full/", "bit.checkpoint.every=1", "bit.checkpoint.keep=5");
        // An interrupted run: only its checkpoint of step 2 survived.
        try (S3Storage storage = S3Storage.open(store.settings(S3Settings.create(BitConfig.load(Optional.empty(),
                List.of()))))) {
            storage.put(S3Uri.parse("s3://runs/tiny/ckpt-000000002.bitckpt"),
                    storage.get(S3Uri.parse("s3://runs/full/ckpt-000000002.bitckpt")));
        }
        String checkpoints = "bit.checkpoint.dir=s3://runs/tiny/";
        TrainingJob resumed = TrainingJob.prepare(BitConfig.load(Optional.empty(), settings(images.toString(), checkpoints)),
                dir);
        assertEquals(2, resumed.start().step());
        assertEquals(Optional.of("s3://runs/tiny/ckpt-000000002.bitckpt"), resumed.start().resumedFrom());
        TrainingEvent end = resumed.run(event -> { });
        assertSameParameters(assertInstanceOf(TrainingEvent.Finished.class, end).state().parameters().parameters());

        List<String> args = new ArrayList<>(List.of("eval", "--checkpoint", "s3://runs/tiny/", "--data",
                images.toString()));
        args.addAll(s3Settings);
        CommandRun evaluated = CommandRun.of(args);
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.out().startsWith("checkpoint s3://runs/tiny/ (step 3) on "), evaluated.out());
    }

    @Test
    void theEmbeddedServerServesTheFolderForTheRun() {
        assertSameParameters(train(images.toString(), "bit.data.embedded-s3=true"));
    }
}
