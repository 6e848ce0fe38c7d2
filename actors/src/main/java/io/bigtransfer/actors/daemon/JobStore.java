package io.bigtransfer.actors.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The daemon's jobs on disk, one folder each under {@code DIR/jobs/<id>}: {@code job.conf} (the
 * submitted config, as given), {@code job.properties} (state, base folder, note; replaced
 * atomically, so a crash leaves the old or the new state, never half of one), and what the run
 * writes: {@code checkpoints/}, {@code metrics.jsonl}, {@code job.log}. Ids are {@code job-0001},
 * {@code job-0002}, ... in submission order, so a listing by name is the queue's order.
 */
public final class JobStore {
    private static final String CONFIG = "job.conf";
    private static final String STATE = "job.properties";

    private final Path jobs;

    public JobStore(Path daemonDirectory) {
        this.jobs = daemonDirectory.resolve("jobs");
        try {
            Files.createDirectories(jobs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the daemon folder " + jobs + ": " + e.getMessage(), e);
        }
    }

    /** Stores a new queued job and returns it. */
    public synchronized JobRecord create(String configText, Path baseDirectory) {
        int highest = list().stream().mapToInt(record -> Integer.parseInt(record.id().substring(4))).max().orElse(0);
        String id = String.format("job-%04d", highest + 1);
        Path folder = folder(id);
        try {
            // Fails rather than share a folder with a job whose state file is missing.
            Files.createDirectory(folder);
            Files.writeString(folder.resolve(CONFIG), configText, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store job " + id + " in " + folder + ": " + e.getMessage(), e);
        }
        JobRecord record = new JobRecord(id, JobState.QUEUED, baseDirectory.toAbsolutePath().normalize(), "");
        save(record);
        return record;
    }

    public synchronized void save(JobRecord record) {
        Properties properties = new Properties();
        properties.setProperty("state", record.state().name());
        properties.setProperty("base-directory", record.baseDirectory().toString());
        properties.setProperty("note", record.note());
        Path folder = folder(record.id());
        Path temporary = folder.resolve(STATE + ".tmp");
        try {
            try (var out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(out, "bit daemon job");
            }
            Files.move(temporary, folder.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the state of " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /** Every stored job, in submission order. */
    public synchronized List<JobRecord> list() {
        List<JobRecord> records = new ArrayList<>();
        try (Stream<Path> folders = Files.list(jobs)) {
            for (Path folder : folders.filter(f -> f.getFileName().toString().matches("job-\\d{4,}"))
                    .filter(f -> Files.isRegularFile(f.resolve(STATE))).sorted().toList()) {
                records.add(read(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the daemon's jobs in " + jobs + ": " + e.getMessage(), e);
        }
        return records;
    }

    public Path folder(String id) {
        return jobs.resolve(id);
    }

    public Path configFile(String id) {
        return folder(id).resolve(CONFIG);
    }

    private static JobRecord read(Path folder) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(folder.resolve(STATE), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String state = properties.getProperty("state");
        String base = properties.getProperty("base-directory");
        if (state == null || base == null || Arrays.stream(JobState.values()).noneMatch(s -> s.name().equals(state))) {
            throw new IllegalStateException("the job state file " + folder.resolve(STATE)
                    + " is damaged; repair or remove that job's folder.");
        }
        return new JobRecord(folder.getFileName().toString(), JobState.valueOf(state), Path.of(base),
                properties.getProperty("note", ""));
    }
}
