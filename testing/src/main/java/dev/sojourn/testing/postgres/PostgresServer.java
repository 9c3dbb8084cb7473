package dev.sojourn.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL server on a loopback port, its cluster in a temp directory, trust
 * authentication for the superuser {@code postgres}, no fsync (a commit survives the server's
 * crash, not the machine's). Tests can {@linkplain #stop() stop} it as a crash would and
 * {@linkplain #restart() restart} it on the same port and data directory, to see how a client rides
 * out an outage.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}). When this JVM runs
 * as root (CI does), {@code initdb}, {@code pg_ctl} and the server run as the unprivileged user
 * {@code nobody} (through {@code setpriv}, else {@code runuser}), and the temp directory is handed
 * to that user. A JVM shutdown hook stops a server a test forgot to close. Binaries: {@link
 * PostgresBinaries#locate()}. Not thread-safe.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final String UNPRIVILEGED = "nobody";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final List<String> runAs;
  private final Thread shutdownHook;
  private @Nullable Process process;

  private PostgresServer(Path bin, Path dir, int port, List<String> runAs) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.runAs = runAs;
    this.shutdownHook = new Thread(this::stopQuietly, "sojourn-postgres-shutdown-" + port);
  }

  /**
   * Creates a cluster with {@link PostgresBinaries#locate()}'s binaries and starts a server on a
   * free loopback port; returns once it accepts connections.
   *
   * @return the running server; close it to stop it and delete its data
   * @throws IllegalStateException if no binaries are found, or initdb or the server fails (with the
   *     end of its log)
   */
  public static PostgresServer start() {
    Path bin = PostgresBinaries.locate();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      PostgresServer server = create(bin);
      try {
        server.restart();
        return server;
      } catch (PortTakenException e) {
        // Another process took the port between probing and binding: try another.
        server.close();
        last = e;
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    throw Objects.requireNonNull(last);
  }

  private static PostgresServer create(Path bin) {
    try {
      Path dir =
          Files.createTempDirectory(
              "sojourn-postgres-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      List<String> runAs = Unprivileged.prefix(UNPRIVILEGED);
      PostgresServer server = new PostgresServer(bin, dir, freePort(), runAs);
      Unprivileged.handOver(dir, runAs.isEmpty() ? null : UNPRIVILEGED);
      server.initdb();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a PostgreSQL cluster", e);
    }
  }

  private void initdb() {
    List<String> command = new ArrayList<>(runAs);
    command.addAll(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dataDirectory().toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync"));
    Path log = dir.resolve("initdb.log");
    int exit = run(command, log, Duration.ofMinutes(2));
    if (exit != 0) {
      throw new IllegalStateException(
          "initdb (" + bin + ") failed with exit code " + exit + "; log:\n" + tail(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@return the loopback port} */
  public int port() {
    return port;
  }

  /**
   * {@return a JDBC URL for the {@code postgres} database, {@code
   * jdbc:postgresql://127.0.0.1:port/postgres}}
   */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /**
   * A JDBC URL for {@code database} on this server.
   *
   * @param database the database name
   * @return {@code jdbc:postgresql://127.0.0.1:port/database}
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** {@return the superuser to connect as (trust authentication: no password)} */
  public String user() {
    return "postgres";
  }

  /** {@return the cluster's data directory} */
  public Path dataDirectory() {
    return dir.resolve("data");
  }

  /** {@return the directory of the binaries this server runs} */
  public Path binaries() {
    return bin;
  }

  /**
   * {@return whether the server was started as another, unprivileged user (this JVM runs as root)}
   */
  public boolean runsUnprivileged() {
    return !runAs.isEmpty();
  }

  /** {@return whether the server process is alive} */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /**
   * Starts the server (again) on the same port and data directory, and returns once it accepts
   * connections. Data written before a {@link #stop()} is kept (crash recovery replays it).
   *
   * @throws IllegalStateException if it is running, or does not accept connections within 60 s
   *     (with the end of its log)
   */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("postgres on port " + port + " is already running");
    }
    List<String> command = new ArrayList<>(runAs);
    command.addAll(
        List.of(
            bin.resolve("postgres").toString(),
            "-D",
            dataDirectory().toString(),
            "-p",
            Integer.toString(port),
            "-k",
            dir.toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=100",
            "-c",
            "shared_buffers=32MB",
            "-c",
            "logging_collector=off"));
    Path log = dir.resolve("postgres.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    }
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalArgumentException alreadyAdded) {
      // restart after stop: the hook is still registered
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        break;
      }
      if (isReady() && accepts()) {
        return;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    String tail = tail(log);
    stop();
    if (tail.contains("Address already in use") || tail.contains("could not bind")) {
      throw new PortTakenException(port, tail);
    }
    throw new IllegalStateException(
        "postgres (" + bin + ") did not accept connections on port " + port + "; log:\n" + tail);
  }

  /** PostgreSQL writes "ready" as the 8th line of postmaster.pid once it accepts connections. */
  private boolean isReady() {
    try {
      List<String> lines =
          Files.readAllLines(dataDirectory().resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return lines.size() >= 8 && lines.get(7).trim().equals("ready");
    } catch (IOException notYet) {
      return false;
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}: no checkpoint,
   * open connections cut), and waits until it and its backends have exited. The data directory is
   * kept for {@link #restart()}. Idempotent.
   */
  public void stop() {
    Process p = process;
    if (p == null) {
      return;
    }
    if (p.isAlive()) {
      List<String> command = new ArrayList<>(runAs);
      command.addAll(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "stop",
              "-D",
              dataDirectory().toString(),
              "-m",
              "immediate",
              "-w",
              "-t",
              "20"));
      run(command, dir.resolve("pg_ctl.log"), Duration.ofSeconds(30));
    }
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      Process p = process;
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    PostgresBinaries.deleteTree(dir);
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNotAdded) {
      // nothing to remove
    }
  }

  private static int run(List<String> command, Path log, Duration timeout) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            command.get(0) + " did not finish within " + timeout + "; log:\n" + tail(log));
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "PostgresServer(" + jdbcUrl() + ", " + bin + ")";
  }

  /** The server could not bind its port: another process took it. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(int port, String log) {
      super("postgres could not bind port " + port + "; log:\n" + log);
    }
  }
}
