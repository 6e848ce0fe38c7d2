package io.bigtransfer.actors.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.JobStore;
import io.bigtransfer.config.DashboardSettings;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The dashboard as a real server on 127.0.0.1, asked over HTTP. */
class DashboardHttpTest {
    private static ActorTestKit testKit;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();
    private Dashboard dashboard;

    @TempDir
    Path dir;

    @BeforeAll
    static void startActors() {
        testKit = ActorTestKit.create();
    }

    @AfterAll
    static void stopActors() {
        testKit.shutdownTestKit();
    }

    @AfterEach
    void stopDashboard() {
        if (dashboard != null) {
            dashboard.stop();
        }
        ((Logger) LoggerFactory.getLogger(Authentication.class)).detachAppender(refusals);
    }

    private String start(Behavior<DaemonProtocol.Request> gateway) throws Exception {
        JobStore store = SyntheticJobs.daemonFolder(dir);
        ActorRef<DaemonProtocol.Request> ref = testKit.spawn(gateway);
        dashboard = Dashboard.start(testKit.system(), new DashboardSettings("127.0.0.1", 0), store, ref,
                SyntheticJobs.TOKEN);
        refusals.start();
        ((Logger) LoggerFactory.getLogger(Authentication.class)).addAppender(refusals);
        return dashboard.url();
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesRequestsWithoutTheRightTokenAndLogsWhoAsked() throws Exception {
        String url = start(SyntheticJobs.gateway());
        List<HttpResponse<String>> refused = List.of(get(url), get(url + "jobs/job-0001"), get(url + "api/jobs"),
                get(url + "?token=wrong"), get(url, "Authorization", "Bearer wrong"),
                get(url, "Authorization", "Basic " + SyntheticJobs.TOKEN),
                get(url, "Cookie", Authentication.COOKIE_NAME + "=" + SyntheticJobs.TOKEN),
                get(url + "jobs/nope"));
        for (HttpResponse<String> response : refused) {
            assertEquals(401, response.statusCode(), response.uri().toString());
            assertEquals(Authentication.REFUSAL + "\n", response.body());
            assertEquals("Bearer realm=\"bit dashboard\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(response.headers().firstValue("Set-Cookie").isEmpty());
        }
        assertEquals(refused.size(), refusals.list.size());
        ILoggingEvent first = refusals.list.get(0);
        assertEquals(Level.WARN, first.getLevel());
        assertTrue(first.getFormattedMessage()
                .matches("refused a dashboard request for / from 127\\.0\\.0\\.1:\\d+: no token"), first.getFormattedMessage());
        assertTrue(refusals.list.get(3).getFormattedMessage().endsWith(": a wrong token in the query"));
        assertTrue(refusals.list.get(4).getFormattedMessage().endsWith(": a wrong token in the header"));
        assertTrue(refusals.list.get(6).getFormattedMessage().endsWith(": a wrong token in the cookie"),
                "the cookie holds a value derived from the token, not the token");
        assertFalse(refusals.list.stream().anyMatch(e -> e.getFormattedMessage().contains("wrong\"")
                || e.getFormattedMessage().contains("?")), "no presented token in the log");
    }

    @Test
    void servesPagesAndApiToTheTokenAsHeaderQueryOrCookie() throws Exception {
        String url = start(SyntheticJobs.gateway());
        HttpResponse<String> byHeader = get(url, "Authorization", "Bearer " + SyntheticJobs.TOKEN);
        assertEquals(200, byHeader.statusCode());
        assertTrue(byHeader.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(byHeader.body().contains("<a href=\"/jobs/job-0001\">job-0001</a>"), byHeader.body());
        assertTrue(byHeader.body().contains("daemon up 3 min; 2 jobs: 1 done, 1 queued"));
        assertTrue(byHeader.body().contains("<td>127.0.0.1:40001</td><td>up roles [dc-default]</td>"));
        assertTrue(byHeader.body().contains("<td>0.2888</td><td>70.0%</td>"), "latest loss and top-1");
        assertTrue(byHeader.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
        assertEquals("no-store", byHeader.headers().firstValue("Cache-Control").orElse(""));

        HttpResponse<String> byQuery = get(url + "jobs/job-0001?token=" + SyntheticJobs.TOKEN);
        assertEquals(200, byQuery.statusCode());
        String cookie = byQuery.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(Authentication.COOKIE_NAME + "="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains(SyntheticJobs.TOKEN), "the cookie does not hold the secret itself");
        String page = byQuery.body();
        for (String colour : List.of(JobCharts.LOSS_COLOUR, JobCharts.LR_COLOUR, JobCharts.TOP1_COLOUR,
                JobCharts.TOP5_COLOUR, JobCharts.THROUGHPUT_COLOUR)) {
            assertTrue(page.contains("<polyline fill=\"none\" stroke=\"" + colour + "\""), colour);
        }
        assertTrue(page.contains("<td>corrupt</td><td>2</td>") && page.contains("<td>empty</td><td>1</td>"), page);
        assertTrue(page.contains("step 50/50 &lt;b&gt;loss&lt;/b&gt; 0.2"), "the log's tail, escaped");
        assertTrue(page.contains("schedule scaled by 0.5000"), "the operator's lr change");
        assertTrue(page.contains("data-src=\"/jobs/job-0001/live\""));

        String[] withCookie = {"Cookie", cookie.substring(0, cookie.indexOf(';'))};
        HttpResponse<String> live = get(url + "jobs/job-0001/live", withCookie);
        assertEquals(200, live.statusCode());
        assertTrue(live.body().startsWith("<p><span class=\"state\">done</span>"), live.body());
        assertEquals(200, get(url + "live", withCookie).statusCode());
        HttpResponse<String> log = get(url + "jobs/job-0001/log", withCookie);
        assertTrue(log.body().startsWith("resolved settings:\n") && log.body().endsWith("top-1: 70.0%\n"), log.body());

        HttpResponse<String> jobs = get(url + "api/jobs", withCookie);
        assertTrue(jobs.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<String, Object> document = JsonLineParser.parseObject(jobs.body());
        List<?> list = (List<?>) document.get("jobs");
        assertEquals(2, list.size());
        assertEquals("done", ((Map<?, ?>) list.get(0)).get("state"));
        assertEquals(50.0, ((Map<?, ?>) list.get(0)).get("last_step"));
        assertEquals("queued", ((Map<?, ?>) list.get(1)).get("state"));

        Map<String, Object> metrics = JsonLineParser.parseObject(get(url + "api/jobs/job-0001/metrics", withCookie).body());
        assertEquals(50, ((List<?>) metrics.get("steps")).size());
        assertEquals(2, ((List<?>) metrics.get("evals")).size());
        assertEquals(Map.of("corrupt", 2.0, "empty", 1.0), metrics.get("skipped"));
        assertEquals("finished", metrics.get("end"));
        Map<String, Object> newer = JsonLineParser.parseObject(get(url + "api/jobs/job-0001/metrics?since=40",
                withCookie).body());
        assertEquals(10, ((List<?>) newer.get("steps")).size());
        assertEquals(1, ((List<?>) newer.get("evals")).size());

        assertEquals(404, get(url + "jobs/job-0009", withCookie).statusCode());
        assertEquals(404, get(url + "jobs/..%2F..%2Fetc/log", withCookie).statusCode());
        assertEquals(400, get(url + "api/jobs/job-0001/metrics?since=x", withCookie).statusCode());
        assertTrue(refusals.list.isEmpty());
    }

    @Test
    void aTakenPortIsOneSentenceAndStopEndsServing() throws Exception {
        String url = start(SyntheticJobs.gateway());
        int port = dashboard.address().getPort();
        IllegalStateException taken = assertThrows(IllegalStateException.class, () -> Dashboard.start(testKit.system(),
                new DashboardSettings("127.0.0.1", port), new JobStore(dir), testKit.spawn(SyntheticJobs.gateway()), "x"));
        assertTrue(taken.getMessage().startsWith("cannot serve the dashboard at 127.0.0.1:" + port
                + " (bit.dashboard.host, bit.dashboard.port): "), taken.getMessage());
        dashboard.stop();
        dashboard = null;
        assertThrows(ConnectException.class, () -> get(url, "Authorization", "Bearer " + SyntheticJobs.TOKEN));
    }

    @Test
    void stopReturnsAtOnceWhenTheActorSystemHasEnded() throws Exception {
        ActorTestKit ended = ActorTestKit.create();
        Dashboard served = Dashboard.start(ended.system(), new DashboardSettings("127.0.0.1", 0),
                SyntheticJobs.daemonFolder(dir), ended.spawn(SyntheticJobs.gateway()), SyntheticJobs.TOKEN);
        ended.shutdownTestKit();
        long started = System.nanoTime();
        served.stop();
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "stop waited for a system that is gone");
    }

    @Test
    void servesTheJobFoldersWhenTheDaemonDoesNotAnswer() throws Exception {
        String url = start(SyntheticJobs.silentGateway());
        HttpResponse<String> page = get(url + "jobs/job-0001", "Authorization", "Bearer " + SyntheticJobs.TOKEN);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("trained 50 steps; top-1 70.0%"), "the note from the job folder");
        assertTrue(page.body().contains("did not say which nodes are up"));
    }
}
