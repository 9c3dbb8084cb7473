package dev.sojourn.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The browser-side half of the CSRF check: {@code Sec-Fetch-Site} and {@code Origin}. Immutable and
 * thread-safe.
 */
final class OriginCheck {
  /**
   * The values of {@code Sec-Fetch-Site} that may pass; {@code cross-site} and all else may not.
   */
  private static final Set<String> PASSING_SITES = Set.of("same-origin", "same-site", "none");

  private final Set<String> allowedOrigins;

  OriginCheck(Set<String> allowedOrigins) {
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  /** Why the request is refused, or null if it passes. */
  @Nullable String refusal(HttpServletRequest request) {
    List<String> sites = values(request.getHeaders("Sec-Fetch-Site"));
    if (!sites.isEmpty()) {
      String site = sites.size() == 1 ? sites.get(0).trim() : null;
      if (site == null || !PASSING_SITES.contains(site)) {
        return "cross-site request refused (Sec-Fetch-Site: "
            + printable(String.join(", ", sites))
            + ")";
      }
    }
    List<String> origins = values(request.getHeaders("Origin"));
    if (origins.size() > 1) {
      return "origin check failed: more than one Origin header";
    }
    if (origins.size() == 1 && !isAllowed(origins.get(0), request)) {
      return "origin check failed: Origin '"
          + printable(origins.get(0))
          + "' is not an allowed origin";
    }
    return null;
  }

  private boolean isAllowed(String origin, HttpServletRequest request) {
    String normalized = normalize(origin);
    if (normalized == null) {
      return false;
    }
    if (!allowedOrigins.isEmpty()) {
      return allowedOrigins.contains(normalized);
    }
    return normalized.equals(
        normalize(
            request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()));
  }

  private static List<String> values(@Nullable Enumeration<String> headers) {
    return headers == null ? List.of() : Collections.list(headers);
  }

  /**
   * {@code scheme://host[:port]} in lower case without a default port, or null if malformed. A
   * serialised origin (RFC 6454, section 6.2) has no user information, path, query or fragment; a
   * value with any of them is malformed, not cut down to the origin it names (a trailing {@code /}
   * alone is tolerated, as some clients send one).
   */
  static @Nullable String normalize(String origin) {
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null
        || host == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || (uri.getRawPath() != null && uri.getRawPath().length() > 1)) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < 100; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
