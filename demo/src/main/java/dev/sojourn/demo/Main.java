package dev.sojourn.demo;

import java.time.InstantSource;
import java.util.Arrays;

/**
 * The demo's command line. Without a command it serves the web application ({@code serve}); {@code
 * seed} replays the Go seed's program.
 */
public final class Main {
  private Main() {}

  /** Runs the command named by the first argument; the web server if there is none. */
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 || args[0].startsWith("--") ? "serve" : args[0];
    String[] rest =
        args.length == 0 || args[0].startsWith("--")
            ? args
            : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "seed" -> new SeedReplay(System.out, InstantSource.system()).run();
      case "serve" -> serve(rest);
      case "help", "-h" -> System.out.println(ServerOptions.USAGE);
      default -> {
        System.err.println("unknown command '" + command + "'\n" + ServerOptions.USAGE);
        System.exit(2);
      }
    }
  }

  private static void serve(String[] args) throws Exception {
    ServerOptions options;
    DemoServer server;
    try {
      options = ServerOptions.parse(args);
      server = DemoServer.start(options, InstantSource.system());
    } catch (IllegalArgumentException e) {
      System.err.println("sojourn-demo: " + e.getMessage() + "\n" + ServerOptions.USAGE);
      System.exit(2);
      return;
    }
    System.out.println(
        "Sojourn demo on "
            + server.url()
            + " (store "
            + options.store()
            + ", idle timeout "
            + ServerOptions.format(options.idleTimeout())
            + ", absolute timeout "
            + ServerOptions.format(options.absoluteTimeout())
            + "). Users: alice / wonderland, bob / builder. Ctrl-C stops it.");
    server.join();
  }
}
