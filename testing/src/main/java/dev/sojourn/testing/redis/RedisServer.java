package dev.sojourn.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One real {@code redis-server} process on a loopback port, with persistence off and its files in a
 * temp directory. Tests can {@linkplain #kill() kill} it and {@linkplain #restart() restart} it on
 * the same port, to check how a client rides out an outage. Not thread-safe.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final Path binary;
  private final Path dir;
  private final List<String> extraArgs;
  private final int port;
  private @Nullable Process process;

  private RedisServer(Path binary, Path dir, List<String> extraArgs, int port) {
    this.binary = binary;
    this.dir = dir;
    this.extraArgs = extraArgs;
    this.port = port;
  }

  /**
   * Starts a server with {@link RedisBinary#locate()} on a free ephemeral loopback port, with
   * {@code extraArgs} appended to its command line, and waits until it answers PING.
   *
   * @param extraArgs more {@code redis-server} options, each option and value its own element (say
   *     {@code List.of("--maxmemory", "1mb")}); empty for none
   * @return the running server; close it to stop the process and delete its files
   * @throws IllegalStateException if it does not start within 15 s (with the end of its log)
   */
  public static RedisServer start(List<String> extraArgs) {
    return start(RedisBinary.locate(), extraArgs, false);
  }

  /**
   * Starts a server as {@link #start(List)} does, with the given executable instead of {@link
   * RedisBinary#locate()}: say a {@code valkey-server} from {@link RedisBinary#valkey()}.
   *
   * @param binary the {@code redis-server} compatible executable
   * @param extraArgs more server options (see {@link #start(List)})
   * @return the running server; close it to stop the process and delete its files
   * @throws IllegalStateException if it does not start within 15 s (with the end of its log)
   */
  public static RedisServer start(Path binary, List<String> extraArgs) {
    return start(binary, extraArgs, false);
  }

  /**
   * Starts a server as {@link #start(List)} does; with {@code clusterBus}, on a port whose cluster
   * bus port (port + 10000) is free and valid too.
   */
  static RedisServer start(List<String> extraArgs, boolean clusterBus) {
    return start(RedisBinary.locate(), extraArgs, clusterBus);
  }

  private static RedisServer start(Path binary, List<String> extraArgs, boolean clusterBus) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      RedisServer server;
      try {
        server =
            new RedisServer(
                binary,
                Files.createTempDirectory("sojourn-redis-"),
                List.copyOf(extraArgs),
                freePort(clusterBus));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        server.restart();
        return server;
      } catch (IllegalStateException e) {
        // Another process may have taken the port between probing and binding: try another.
        server.close();
        last = e;
      }
    }
    throw java.util.Objects.requireNonNull(last);
  }

  private static int freePort(boolean clusterBus) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      if (!clusterBus) {
        return port;
      }
      // Redis Cluster's bus listens on port + 10000, which must exist and be free.
      if (port + 10000 <= 65535) {
        try (ServerSocket bus =
            new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free loopback port with a free cluster bus port after 100 tries");
  }

  /** {@return the loopback port; the same across {@link #restart()}} */
  public int port() {
    return port;
  }

  /** {@return the server's URI, {@code redis://127.0.0.1:port}} */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** {@return whether the process is alive} */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Kills the process with SIGKILL, as a crash would, and waits for it to exit. Idempotent. */
  public void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly(); // a suspended (SIGSTOP) process dies of SIGKILL too
    waitFor(p);
    process = null;
  }

  /**
   * Stops the process with SIGSTOP: it keeps its connections open but answers nothing (a replica so
   * suspended acknowledges no replication offset), until {@link #resume()}.
   *
   * @throws IllegalStateException if it is not running, or {@code kill -STOP} fails
   */
  public void suspend() {
    signal("-STOP");
  }

  /**
   * Continues a process {@linkplain #suspend() suspended} with SIGSTOP (SIGCONT).
   *
   * @throws IllegalStateException if it is not running, or {@code kill -CONT} fails
   */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill " + signal + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + signal, e);
    }
  }

  /**
   * Starts the process (again) on the same port with the same arguments, and waits until it answers
   * PING. Data is not kept across a kill: persistence is off.
   *
   * @throws IllegalStateException if it is running, or does not answer within 15 s
   */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", dir.toString(),
            "--daemonize", "no",
            "--protected-mode", "no"));
    command.addAll(extraArgs);
    Path log = dir.resolve("redis.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        break;
      }
      try (Resp resp = Resp.connect(port, Duration.ofSeconds(1))) {
        if ("PONG".equals(resp.call("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    kill();
    throw new IllegalStateException(
        "redis-server (" + binary + ") did not answer on port " + port + "; log:\n" + tail(log));
  }

  /**
   * Sends one command to the server over a fresh connection and returns the reply: {@link String},
   * {@link Long}, {@link List} or null.
   *
   * @param args the command and its arguments, sent as UTF-8 bulk strings (say {@code "SET", "k",
   *     "v"})
   * @return the reply: a status or bulk string (UTF-8 decoded), an integer, an array of those, or
   *     null for a null reply
   * @throws UncheckedIOException if the server does not answer or replies with an error
   */
  public @Nullable Object command(String... args) {
    try (Resp resp = Resp.connect(port, Duration.ofSeconds(5))) {
      return resp.call(args);
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends one command with binary arguments (to write bytes that are not UTF-8) and returns the
   * reply, as {@link #command(String...)} does.
   *
   * @param args the command and its arguments, each sent as the given bytes
   * @return the reply, as {@link #command(String...)} returns it
   * @throws UncheckedIOException if the server does not answer or replies with an error
   */
  public @Nullable Object commandBytes(byte[]... args) {
    try (Resp resp = Resp.connect(port, Duration.ofSeconds(5))) {
      return resp.callBytes(List.of(args));
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Stops the process and deletes its directory. Idempotent. */
  @Override
  public void close() {
    Process p = process;
    if (p != null) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          waitFor(p);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a temp directory.
    }
  }

  private static void waitFor(Process p) {
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "RedisServer(" + uri() + ")";
  }
}
