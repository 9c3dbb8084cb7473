package dev.sojourn.demo;

import java.time.InstantSource;

/** The demo's command line: {@code seed} replays the Go seed's program; more commands follow. */
public final class Main {
  private Main() {}

  /** Runs the command named by the first argument. */
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "seed" : args[0];
    switch (command) {
      case "seed":
        new SeedReplay(System.out, InstantSource.system()).run();
        break;
      default:
        System.err.println("unknown command '" + command + "'; commands: seed");
        System.exit(2);
    }
  }
}
