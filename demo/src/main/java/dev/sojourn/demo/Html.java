package dev.sojourn.demo;

import org.jspecify.annotations.Nullable;

/** Escaping and the page frame: plain server-rendered HTML, no scripts. */
final class Html {
  /** The one inline style sheet; the Content-Security-Policy allows it by its hash. */
  static final String STYLE =
      "body{font-family:sans-serif;max-width:42em;margin:2em auto;padding:0 1em}"
          + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}"
          + ".error{color:#a00}";

  private Html() {}

  /** Escapes text for an HTML element or a quoted attribute. */
  static String escape(@Nullable String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A whole page around {@code body} (already HTML). */
  static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + " - Sojourn demo</title>"
        + "<style>"
        + STYLE
        + "</style></head><body>\n"
        + "<nav><a href=\"/\">Home</a> | <a href=\"/sessions\">My sessions</a> |"
        + " <a href=\"/api/session\">/api/session</a></nav>\n"
        + body
        + "\n</body></html>\n";
  }

  /** A hidden {@code _csrf} field. */
  static String csrfField(String token) {
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + escape(token) + "\">";
  }

  /** A JSON string literal, or {@code null}. */
  static String json(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
