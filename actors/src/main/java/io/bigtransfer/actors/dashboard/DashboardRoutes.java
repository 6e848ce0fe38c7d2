package io.bigtransfer.actors.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.bigtransfer.actors.daemon.JobRecord;
import io.bigtransfer.actors.daemon.JobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard's addresses, all GET and all behind {@link Authentication}:
 * {@code /} and its live part {@code /live}; {@code /jobs/<id>}, its live part
 * {@code /jobs/<id>/live} and its log {@code /jobs/<id>/log}; {@code /api/jobs} and
 * {@code /api/jobs/<id>/metrics}. Files are read on Pekko's dispatcher for blocking work.
 */
final class DashboardRoutes {
    /** A longer log is served from its last this many bytes. */
    static final int LOG_BYTES = 4 << 20;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final List<HttpHeader> SECURITY_HEADERS = List.of(
            RawHeader.create("Content-Security-Policy", Html.CONTENT_SECURITY_POLICY),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("X-Frame-Options", "DENY"),
            RawHeader.create("Referrer-Policy", "no-referrer"),
            CacheControl.create(CacheDirectives.NO_STORE));

    private final JobStore store;
    private final DaemonView daemon;
    private final MetricsFiles metrics;
    private final Authentication authentication;
    private final Executor blocking;

    DashboardRoutes(JobStore store, DaemonView daemon, MetricsFiles metrics, Authentication authentication,
                    Executor blocking) {
        this.store = store;
        this.daemon = daemon;
        this.metrics = metrics;
        this.authentication = authentication;
        this.blocking = blocking;
    }

    Route route() {
        return respondWithHeaders(SECURITY_HEADERS, () -> authentication.guard(() -> get(() -> concat(
                pathSingleSlash(() -> withDaemon(d -> html(JobListPage.page(store.list(), this::metricsOf, d)))),
                path("live", () -> withDaemon(d -> html(JobListPage.live(store.list(), this::metricsOf, d)))),
                pathPrefix("jobs", () -> pathPrefix(segment(), this::jobPages)),
                pathPrefix("api", () -> pathPrefix("jobs", () -> concat(
                        pathEnd(() -> withDaemon(d -> json(ApiDocuments.jobs(store.list(), this::metricsOf, d)))),
                        pathPrefix(segment(), id -> path("metrics", () -> metricsDocument(id))))))))));
    }

    private Route jobPages(String id) {
        return concat(
                pathEnd(() -> withJob(id, (job, d) -> html(JobPage.page(job, metricsOf(id), d, logTail(id))))),
                path("live", () -> withJob(id, (job, d) -> html(JobPage.live(job, metricsOf(id), d, logTail(id))))),
                path("log", () -> fromFolder(id, job -> text(LogTail.lastBytes(logFile(id), LOG_BYTES)))));
    }

    private Route metricsDocument(String id) {
        return parameterOptional("since", since -> {
            Optional<Long> after;
            try {
                after = since.map(Long::parseLong);
            } catch (NumberFormatException e) {
                return complete(StatusCodes.BAD_REQUEST, "since must be a step number.\n");
            }
            return fromFolder(id, job -> {
                JobMetrics all = metricsOf(id);
                return json(ApiDocuments.metrics(job, after.map(all::after).orElse(all)));
            });
        });
    }

    /** Renders, off the routing thread, once the daemon has answered (or not, in time). */
    private Route withDaemon(Function<DaemonView.Snapshot, HttpResponse> render) {
        return completeWithFuture(daemon.snapshot().thenApplyAsync(render, blocking));
    }

    private Route withJob(String id, BiFunction<JobRecord, DaemonView.Snapshot, HttpResponse> render) {
        return withDaemon(d -> find(id).map(job -> render.apply(job, d)).orElseGet(() -> notFound(id)));
    }

    /** Renders from the job's folder alone, off the routing thread, without asking the daemon. */
    private Route fromFolder(String id, Function<JobRecord, HttpResponse> render) {
        return completeWithFuture(CompletableFuture.supplyAsync(() -> find(id).map(render).orElseGet(() -> notFound(id)),
                blocking));
    }

    private Optional<JobRecord> find(String id) {
        if (!JOB_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.list().stream().filter(job -> job.id().equals(id)).findFirst();
    }

    private JobMetrics metricsOf(String id) {
        return metrics.read(store.folder(id).resolve("metrics.jsonl"));
    }

    private List<String> logTail(String id) {
        return LogTail.lastLines(logFile(id), JobPage.LOG_LINES);
    }

    private Path logFile(String id) {
        return store.folder(id).resolve("job.log");
    }

    private static HttpResponse notFound(String id) {
        return response(ContentTypes.TEXT_PLAIN_UTF8, "no job named " + id + "; / lists them.\n")
                .withStatus(StatusCodes.NOT_FOUND);
    }

    private static HttpResponse html(String page) {
        return response(ContentTypes.TEXT_HTML_UTF8, page);
    }

    private static HttpResponse json(String document) {
        return response(ContentTypes.APPLICATION_JSON, document);
    }

    private static HttpResponse text(String text) {
        return response(ContentTypes.TEXT_PLAIN_UTF8, text);
    }

    private static HttpResponse response(ContentType type, String body) {
        return HttpResponse.create().withEntity(type, body.getBytes(StandardCharsets.UTF_8));
    }
}
