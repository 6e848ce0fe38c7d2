package io.bigtransfer.actors.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard's page shell and HTML escaping. Everything a page needs is inline (no external
 * resources); the page's one script and one style sheet are fixed texts, so the Content Security
 * Policy admits exactly them by hash and nothing else runs, even if a job's log held markup.
 */
final class Html {
    private static final String STYLE = """
            body{font-family:sans-serif;margin:16px 24px;color:#222;background:#f6f6f6}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px}
            a{color:#224466}
            table{border-collapse:collapse;background:#fff}
            td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:13px;vertical-align:top}
            th{background:#eee}
            .charts{display:grid;grid-template-columns:repeat(2,max-content);gap:8px}
            .chart{background:#fff;border:1px solid #ddd}
            .state{font-weight:bold}
            .muted{color:#666}
            pre{background:#fff;border:1px solid #ddd;padding:8px;font-size:12px;max-height:360px;overflow:auto;\
            white-space:pre-wrap}
            """;
    /**
     * Drops the token from the address bar once the cookie holds it, and every 5 s swaps the
     * element {@code live} for a fresh copy of itself from the address in its {@code data-src}.
     */
    private static final String SCRIPT = """
            if(location.search){history.replaceState(null,'',location.pathname);}
            const live=document.getElementById('live');
            if(live){setInterval(()=>{fetch(live.dataset.src,{cache:'no-store'})\
            .then(r=>r.ok?r.text():null).then(t=>{if(t!==null){live.innerHTML=t;}}).catch(()=>{});},5000);}
            """;

    /** The Content-Security-Policy header's value for every dashboard response. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src '"
            + sha256(STYLE) + "'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private Html() {
    }

    /** A whole page whose {@code live} part {@code liveSource} serves afresh. */
    static String page(String title, String header, String live, String liveSource) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>" + header
                + "<div id=\"live\" data-src=\""
                + escape(liveSource) + "\">" + live + "</div><script>" + SCRIPT + "</script></body></html>";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
