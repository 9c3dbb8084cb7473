package dev.sojourn.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;

/** How the session ID travels between client and server: a cookie, or a header for APIs. */
abstract class IdTransport {
  /**
   * Longest value read at all; anything longer is treated as absent. Well-formedness (exactly 32
   * base58 characters) is checked by the caller before any store sees the value.
   */
  static final int MAX_VALUE_LENGTH = 256;

  /**
   * Most values of the session cookie tried in one request: enough to get past a planted cookie,
   * few enough that a request cannot make the store look up hundreds of IDs.
   */
  static final int MAX_CANDIDATES = 4;

  /**
   * The raw values the client presented, in the order it sent them; empty if none. A value too long
   * to look at is returned as the empty string (malformed), never as itself.
   */
  abstract List<String> read(HttpServletRequest request);

  /** Hands {@code id} to the client. */
  abstract void write(HttpServletResponse response, String id);

  /** Tells the client to forget its ID. */
  abstract void clear(HttpServletResponse response);

  /** Whether the ID comes from a cookie. */
  abstract boolean isCookie();

  static IdTransport cookie(CookieSettings settings) {
    return new CookieTransport(settings);
  }

  static IdTransport header(String name) {
    return new HeaderTransport(name);
  }

  private static final class CookieTransport extends IdTransport {
    private final CookieSettings settings;

    CookieTransport(CookieSettings settings) {
      this.settings = settings;
    }

    /**
     * Every value of our cookie, in order. A client may send several: without the {@code __Host-}
     * prefix a sibling subdomain can plant one (cookie tossing), and the browser sends it too,
     * often first. The caller tries them in order and uses the first live one.
     */
    @Override
    List<String> read(HttpServletRequest request) {
      Cookie[] cookies = request.getCookies();
      if (cookies == null) {
        return List.of();
      }
      List<String> values = new ArrayList<>(1);
      for (Cookie cookie : cookies) {
        if (settings.name().equals(cookie.getName())) {
          String value = cookie.getValue();
          values.add(value == null || value.length() > MAX_VALUE_LENGTH ? "" : value);
        }
      }
      return values;
    }

    @Override
    void write(HttpServletResponse response, String id) {
      response.addHeader("Set-Cookie", settings.setCookie(id));
    }

    @Override
    void clear(HttpServletResponse response) {
      response.addHeader("Set-Cookie", settings.clearCookie());
    }

    @Override
    boolean isCookie() {
      return true;
    }
  }

  private static final class HeaderTransport extends IdTransport {
    private final String name;

    HeaderTransport(String name) {
      this.name = name;
    }

    /** The header's first value: an API client names one session. */
    @Override
    List<String> read(HttpServletRequest request) {
      String value = request.getHeader(name);
      if (value == null) {
        return List.of();
      }
      return List.of(value.length() > MAX_VALUE_LENGTH ? "" : value.trim());
    }

    @Override
    void write(HttpServletResponse response, String id) {
      response.setHeader(name, id);
    }

    @Override
    void clear(HttpServletResponse response) {
      response.setHeader(name, "");
    }

    @Override
    boolean isCookie() {
      return false;
    }
  }
}
