package dev.sojourn.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where {@link CsrfFilter} reads the submitted token: the header, or the body of a form post. */
final class SubmittedToken {
  private SubmittedToken() {}

  /**
   * The token in the {@value CsrfFilter#HEADER} header; else, for a URL-encoded form, the first
   * {@value CsrfFilter#FIELD} field of the body; else null. Never a value from the query string.
   */
  static @Nullable String read(HttpServletRequest request) {
    String header = request.getHeader(CsrfFilter.HEADER);
    if (header != null) {
      return header.trim();
    }
    if (!isUrlEncodedForm(request)) {
      return null;
    }
    String[] values;
    try {
      values = request.getParameterValues(CsrfFilter.FIELD);
    } catch (IllegalStateException unreadable) {
      return null;
    }
    if (values == null) {
      return null;
    }
    // The Servlet specification (3.1.1) presents query-string values before body values.
    int inQuery = countInQuery(request.getQueryString());
    return values.length > inQuery ? values[inQuery] : null;
  }

  static boolean isMultipart(HttpServletRequest request) {
    return contentType(request).startsWith("multipart/form-data");
  }

  private static boolean isUrlEncodedForm(HttpServletRequest request) {
    return contentType(request).startsWith("application/x-www-form-urlencoded");
  }

  private static String contentType(HttpServletRequest request) {
    String type = request.getContentType();
    return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
  }

  /** How many {@value CsrfFilter#FIELD} fields the query string holds. */
  static int countInQuery(@Nullable String query) {
    if (query == null || query.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String decoded;
      try {
        decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        // Counted anyway: skipping one body value too many refuses, it never accepts.
        decoded = CsrfFilter.FIELD;
      }
      if (decoded.equals(CsrfFilter.FIELD)) {
        count++;
      }
    }
    return count;
  }
}
