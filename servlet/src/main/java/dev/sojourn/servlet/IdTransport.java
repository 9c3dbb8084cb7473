package dev.sojourn.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/** How the session ID travels between client and server: a cookie, or a header for APIs. */
abstract class IdTransport {
  /**
   * Longest value read at all; anything longer is treated as absent. Well-formedness (exactly 32
   * base58 characters) is checked by the caller before any store sees the value.
   */
  static final int MAX_VALUE_LENGTH = 256;

  /** The raw value the client presented, or null if none (or one too long to look at). */
  abstract @Nullable String read(HttpServletRequest request);

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

    @Override
    @Nullable String read(HttpServletRequest request) {
      Cookie[] cookies = request.getCookies();
      if (cookies == null) {
        return null;
      }
      // The first cookie of our name wins: with the __Host- prefix no other site can plant one.
      for (Cookie cookie : cookies) {
        if (settings.name().equals(cookie.getName())) {
          String value = cookie.getValue();
          return value == null || value.length() > MAX_VALUE_LENGTH ? "" : value;
        }
      }
      return null;
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

    @Override
    @Nullable String read(HttpServletRequest request) {
      String value = request.getHeader(name);
      if (value == null) {
        return null;
      }
      return value.length() > MAX_VALUE_LENGTH ? "" : value.trim();
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
