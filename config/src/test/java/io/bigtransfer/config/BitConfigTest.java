package io.bigtransfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitConfigTest {

    @Test
    void unknownKeyIsRefusedWithTheNearestValidKey() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> BitConfig.load(Optional.empty(), List.of("bit.train.stpes=5")));
        assertEquals("unknown setting bit.train.stpes; did you mean bit.train.steps?", error.getMessage());
    }

    @Test
    void unknownKeyInAFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "bit.model { widht = 2 }\n");
        SettingsException error = assertThrows(SettingsException.class, () -> BitConfig.load(Optional.of(file), List.of()));
        assertEquals("unknown setting bit.model.widht; did you mean bit.model.width?", error.getMessage());
    }

    @Test
    void illTypedValueIsRefusedNamingKeyAndValue() {
        Config config = BitConfig.load(Optional.empty(), List.of("bit.train.steps=many"));
        SettingsException error = assertThrows(SettingsException.class, () -> TrainSettings.create(config));
        assertEquals("bit.train.steps must be a positive whole number, but is \"many\".", error.getMessage());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        Config zeroBatch = BitConfig.load(Optional.empty(), List.of("bit.train.batch=0"));
        assertEquals("bit.train.batch must be a positive whole number, but is 0.",
                assertThrows(SettingsException.class, () -> TrainSettings.create(zeroBatch)).getMessage());
        Config badChoice = BitConfig.load(Optional.empty(), List.of("bit.data.normalize=zscore"));
        assertEquals("bit.data.normalize must be one of imagenet, bit, but is 'zscore'.",
                assertThrows(SettingsException.class, () -> DataSettings.create(badChoice)).getMessage());
        Config uneven = BitConfig.load(Optional.empty(), List.of("bit.train.batch=10", "bit.train.workers=3"));
        assertTrue(assertThrows(SettingsException.class, () -> TrainSettings.create(uneven)).getMessage()
                .startsWith("bit.train.batch (10) must be divisible by bit.train.workers (3)"));
    }

    @Test
    void overridesParseListsNumbersAndUnquotedUris() {
        Config config = BitConfig.load(Optional.empty(),
                List.of("bit.model.units=[1,2,1,1]", "bit.model.width=0.5", "bit.data.train=s3://bucket/a//b"));
        ModelSettings model = ModelSettings.create(config);
        assertEquals(List.of(1, 2, 1, 1), model.units());
        assertEquals(0.5, model.width());
        assertEquals(Optional.of("s3://bucket/a//b"), DataSettings.create(config).train());
    }

    @Test
    void laterOverridesWinOverFileAndFileOverDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "bit.train { steps = 7, batch = 32 }\n");
        TrainSettings train = TrainSettings.create(BitConfig.load(Optional.of(file),
                List.of("bit.train.steps=9", "bit.train.steps=11")));
        assertEquals(11, train.steps());
        assertEquals(32, train.batch());
        assertEquals(0.9, train.momentum());
    }

    @Test
    void upstreamDefaultsAreDerivedWhenUnset() {
        TrainSettings train = TrainSettings.create(BitConfig.load(Optional.empty(),
                List.of("bit.train.batch=4096", "bit.train.steps=1000")));
        assertEquals(0.03 * 4096 / 256, train.lr(), 1e-12);
        assertEquals(1e-4, train.weightDecay());
        assertEquals(50, train.warmupSteps(), "5% of a 1000-step run");
        TrainSettings longRun = TrainSettings.create(BitConfig.load(Optional.empty(), List.of("bit.train.steps=200000")));
        assertEquals(5000, longRun.warmupSteps());
        TrainSettings explicit = TrainSettings.create(BitConfig.load(Optional.empty(),
                List.of("bit.train.lr=0.5", "bit.train.weight-decay=0", "bit.train.warmup-steps=3")));
        assertEquals(0.5, explicit.lr());
        assertEquals(0.0, explicit.weightDecay());
        assertEquals(3, explicit.warmupSteps());
    }

    @Test
    void malformedArgumentsAreRefused() {
        assertEquals("argument 'steps' is not of the form key=value.",
                assertThrows(SettingsException.class, () -> BitConfig.load(Optional.empty(), List.of("steps"))).getMessage());
        assertTrue(assertThrows(SettingsException.class,
                () -> BitConfig.load(Optional.empty(), List.of("train.steps=3"))).getMessage()
                .startsWith("key train.steps is not a setting of this engine"));
    }

    @Test
    void missingConfigFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        assertEquals("config file " + missing + " does not exist or is not a file.",
                assertThrows(SettingsException.class, () -> BitConfig.load(Optional.of(missing), List.of())).getMessage());
    }

    @Test
    void demoPresetIsValid() {
        Config demo = BitConfig.loadPreset("demo", List.of());
        assertEquals(32, DataSettings.create(demo).resolution());
        assertEquals(List.of(1, 1, 1, 1), ModelSettings.create(demo).units());
        assertTrue(CheckpointSettings.create(demo).dir().isPresent());
    }

    @Test
    void renderedSettingsAreOneLinePerKeyAndParseBackToTheSameSettings() {
        Config config = BitConfig.load(Optional.empty(), List.of("bit.model.units=[1,2,1,1]", "bit.data.train=s3://b/x"));
        String rendered = BitConfig.render(config);
        assertTrue(rendered.contains("bit.model.units = [1,2,1,1]\n"), rendered);
        assertTrue(rendered.contains("bit.model.name = null\n"), rendered);
        Config reparsed = com.typesafe.config.ConfigFactory.parseString(rendered);
        assertEquals(ModelSettings.create(config), ModelSettings.create(reparsed));
        assertEquals(DataSettings.create(config), DataSettings.create(reparsed));
        assertEquals(TrainSettings.create(config), TrainSettings.create(reparsed));
    }

    @Test
    void theS3SecretIsNeverRendered() {
        Config config = BitConfig.load(Optional.empty(), List.of("bit.s3.access-key-id=AKIDEXAMPLE",
                "bit.s3.secret-access-key=wJalrXUtnFEMI"));
        String rendered = BitConfig.render(config);
        assertFalse(rendered.contains("wJalrXUtnFEMI"), rendered);
        assertTrue(rendered.contains("bit.s3.secret-access-key = \"(hidden)\"\n"), rendered);
        assertTrue(rendered.contains("bit.s3.access-key-id = \"AKIDEXAMPLE\"\n"), rendered);
    }

    @Test
    void nullOnTheCommandLineUnsetsAValue() {
        Config config = BitConfig.loadPreset("demo", List.of("bit.data.eval=null", "bit.checkpoint.dir=null"));
        assertEquals(Optional.empty(), DataSettings.create(config).eval());
        assertEquals(Optional.empty(), CheckpointSettings.create(config).dir());
        assertTrue(DataSettings.create(config).train().isPresent());
    }

    @Test
    void fractionsNullsAndQuotedNumbersAreRefusedWhereWholeNumbersAreNeeded() {
        assertEquals("bit.train.steps must be a positive whole number, but is 2.9.", refusal("bit.train.steps=2.9"));
        assertEquals("bit.train.steps must be a positive whole number, but is null.", refusal("bit.train.steps=null"));
        assertEquals("bit.train.seed must be a whole number, but is \"7\".", refusal("bit.train.seed=\"7\""));
        assertEquals("bit.train.lr must be a positive number, but is [1].", refusal("bit.train.lr=[1]"));
        assertEquals("bit.model.units must be a list of positive whole numbers, but is [1,1.5,1,1].",
                assertThrows(SettingsException.class, () -> ModelSettings.create(
                        BitConfig.load(Optional.empty(), List.of("bit.model.units=[1,1.5,1,1]")))).getMessage());
        assertEquals("bit.train.warmup-steps (9) must not exceed bit.train.steps (5).",
                refusal("bit.train.steps=5", "bit.train.warmup-steps=9"));
    }

    private static String refusal(String... overrides) {
        Config config = BitConfig.load(Optional.empty(), List.of(overrides));
        return assertThrows(SettingsException.class, () -> TrainSettings.create(config)).getMessage();
    }

    @Test
    void keepBestByNamesAMetricOrNone() {
        assertEquals(Optional.of(CheckpointMetric.TOP1), CheckpointSettings.create(BitConfig.load(Optional.empty(), List.of())).keepBestBy());
        assertEquals(Optional.of(CheckpointMetric.MEAN_PER_CLASS_ACCURACY), CheckpointSettings.create(BitConfig.load(
                Optional.empty(), List.of("bit.checkpoint.keep-best-by=mean-per-class-accuracy"))).keepBestBy());
        assertEquals(Optional.empty(), CheckpointSettings.create(BitConfig.load(
                Optional.empty(), List.of("bit.checkpoint.keep-best-by=null"))).keepBestBy());
        assertTrue(assertThrows(SettingsException.class, () -> CheckpointSettings.create(BitConfig.load(
                Optional.empty(), List.of("bit.checkpoint.keep-best-by=accuracy")))).getMessage()
                .startsWith("bit.checkpoint.keep-best-by must be one of top1, top5, loss, mean-per-class-accuracy"));
    }

    @Test
    void tellsUserValuesFromDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "bit.train.steps = 500\n");
        Config config = BitConfig.load(Optional.of(file), List.of("bit.data.normalize=imagenet"));
        assertTrue(BitConfig.isSetByUser(config, "bit.train.steps"), "set in the file, even to the default value");
        assertTrue(BitConfig.isSetByUser(config, "bit.data.normalize"), "set on the command line");
        assertFalse(BitConfig.isSetByUser(config, "bit.train.batch"));
        assertFalse(BitConfig.isSetByUser(BitConfig.loadPreset("demo", List.of()), "bit.data.normalize"));
    }
}
