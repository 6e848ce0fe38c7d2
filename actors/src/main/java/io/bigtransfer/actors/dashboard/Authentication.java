package io.bigtransfer.actors.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.setCookie;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see the dashboard: a request presents the token as {@code Authorization: Bearer TOKEN},
 * as {@code ?token=TOKEN} (answered with an HttpOnly, SameSite=Strict cookie, so the page's links
 * and refreshes need no token), or as that cookie. The first of these a request carries decides;
 * anything else gets 401 with one line of text, and the refusal is logged with the peer's address
 * as the connection reports it (never a header the client could choose).
 */
final class Authentication {
    static final String COOKIE_NAME = "bit-dashboard";
    static final String REFUSAL = "401 Unauthorized: the bit dashboard needs the daemon's shared secret, as "
            + "'Authorization: Bearer TOKEN' or '?token=TOKEN'.";
    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

    private enum Source { HEADER, QUERY, COOKIE }

    private record Presented(Source source, String value) {
    }

    private final AccessToken token;

    Authentication(AccessToken token) {
        this.token = token;
    }

    /** {@code inner} for requests that present the token; a refusal for all others. */
    Route guard(Supplier<Route> inner) {
        return extractRequest(request -> {
            Optional<Presented> presented = presented(request);
            if (presented.isEmpty() || !accepts(presented.get())) {
                LOG.warn("refused a dashboard request for {} from {}: {}", request.getUri().path(), peer(request),
                        presented.isEmpty() ? "no token" : "a wrong token in the " + presented.get().source().name()
                                .toLowerCase(Locale.ROOT));
                return complete(refusal());
            }
            if (presented.get().source() == Source.QUERY) {
                return setCookie(HttpCookie.create(COOKIE_NAME, token.cookieValue()).withPath("/").withHttpOnly(true)
                        .withSameSite(SameSite.Strict), inner);
            }
            return inner.get();
        });
    }

    private boolean accepts(Presented presented) {
        return presented.source() == Source.COOKIE ? token.matchesCookie(presented.value())
                : token.matches(presented.value());
    }

    private static Optional<Presented> presented(HttpRequest request) {
        Optional<HttpHeader> authorization = request.getHeader("Authorization");
        if (authorization.isPresent()) {
            String value = authorization.get().value().strip();
            boolean bearer = value.regionMatches(true, 0, "Bearer ", 0, 7);
            return Optional.of(new Presented(Source.HEADER, bearer ? value.substring(7).strip() : ""));
        }
        Optional<String> query = request.getUri().query().get("token");
        if (query.isPresent()) {
            return Optional.of(new Presented(Source.QUERY, query.get()));
        }
        for (HttpCookiePair pair : request.getHeader(Cookie.class).map(Cookie::getCookies).orElse(List.of())) {
            if (pair.name().equals(COOKIE_NAME)) {
                return Optional.of(new Presented(Source.COOKIE, pair.value()));
            }
        }
        return Optional.empty();
    }

    private static HttpResponse refusal() {
        return HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
                .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"bit dashboard\""))
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, REFUSAL + "\n");
    }

    private static String peer(HttpRequest request) {
        Optional<RemoteAddress> remote = request.getAttribute(AttributeKeys.remoteAddress);
        if (remote.isEmpty() || remote.get().isUnknown()) {
            return "an unknown address";
        }
        String host = remote.get().getAddress().map(InetAddress::getHostAddress).orElse("?");
        return host + ":" + remote.get().getPort();
    }
}
