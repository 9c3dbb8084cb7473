package dev.sojourn.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web server's command-line options: {@code --port 8080}, {@code --host ADDRESS}, {@code
 * --store memory|redis://host:port|postgresql://user:password@host:port/db}, {@code --idle-timeout
 * 30m}, {@code --absolute-timeout 12h}, {@code --insecure-cookie}. Durations are a whole number and
 * a unit: {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}.
 *
 * @param port the port to listen on; 0 picks a free one
 * @param host the address to bind: 127.0.0.1 by default, {@code 0.0.0.0} for every interface
 * @param store where sessions live: {@code memory}, a {@code redis://} URI or a PostgreSQL URL
 *     ({@code postgresql://user:password@host:port/database} or {@code jdbc:postgresql:...})
 * @param idleTimeout how long a session lives without use
 * @param absoluteTimeout how long a session lives at most
 * @param insecureCookie send the cookie without {@code Secure} and the {@code __Host-} prefix, for
 *     plain http on a host other than localhost
 */
record ServerOptions(
    int port,
    String host,
    String store,
    Duration idleTimeout,
    Duration absoluteTimeout,
    boolean insecureCookie) {

  static final String USAGE =
      "usage: java -jar sojourn-demo.jar [serve] [--port 8080] [--host 127.0.0.1|0.0.0.0]"
          + " [--store memory|redis://host:port|postgresql://user:password@host:port/db]"
          + " [--idle-timeout 30m] [--absolute-timeout 12h]"
          + " [--insecure-cookie]\n"
          + "       java -jar sojourn-demo.jar seed";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /**
   * The defaults: port 8080 on 127.0.0.1 only (a demo with well-known passwords is not for the
   * network), in-memory store, 30 minutes idle, 12 hours.
   */
  static ServerOptions defaults() {
    return new ServerOptions(
        8080, "127.0.0.1", "memory", Duration.ofMinutes(30), Duration.ofHours(12), false);
  }

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException with a message naming the option that is wrong
   */
  static ServerOptions parse(String... args) {
    ServerOptions o = defaults();
    int port = o.port;
    String host = o.host;
    String store = o.store;
    Duration idle = o.idleTimeout;
    Duration absolute = o.absoluteTimeout;
    boolean insecure = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--insecure-cookie")) {
        insecure = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(
            option.startsWith("--")
                ? option + " needs a value"
                : "unknown argument '" + option + "'");
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> port = port(value);
        case "--host" -> host = host(value);
        case "--store" -> store = value;
        case "--idle-timeout" -> idle = duration(option, value);
        case "--absolute-timeout" -> absolute = duration(option, value);
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new ServerOptions(port, host, store, idle, absolute, insecure);
  }

  private static String host(String value) {
    String host = value.trim();
    if (host.isEmpty() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "--host must be an address or host name such as 127.0.0.1 or 0.0.0.0, was '"
              + value
              + "'");
    }
    return host;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--port must be a number from 0 to 65535, was '" + value + "'");
  }

  /** Writes {@code duration} the way {@link #duration} reads it: {@code 30m}, {@code 5s}. */
  static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** Parses {@code 500ms}, {@code 5s}, {@code 30m}, {@code 2h} or {@code 1d}; must be positive. */
  static Duration duration(String option, String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          option
              + " must be a positive whole number with a unit (ms, s, m, h, d), like 5s or 30m;"
              + " was '"
              + value
              + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
