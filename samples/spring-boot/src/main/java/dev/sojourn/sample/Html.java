package dev.sojourn.sample;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/** Just enough HTML for the sample's pages, without a template engine. */
final class Html {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Html() {}

  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + " - Sojourn on Spring Boot</title></head>\n<body>\n"
        + body
        + "</body></html>\n";
  }

  /** A form that posts to {@code action} with the CSRF token and one button. */
  static String form(String action, CsrfToken csrf, String buttonId, String label) {
    return "<form method=\"post\" action=\""
        + action
        + "\"><input type=\"hidden\" name=\""
        + escape(csrf.getParameterName())
        + "\" value=\""
        + escape(csrf.getToken())
        + "\"><button id=\""
        + buttonId
        + "\" type=\"submit\">"
        + escape(label)
        + "</button></form>\n";
  }

  static String escape(String text) {
    return HtmlUtils.htmlEscape(text);
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }
}
