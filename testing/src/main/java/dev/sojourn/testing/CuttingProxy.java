package dev.sojourn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a loopback port in front of a real server, which can lose a reply: once {@link
 * #cutReplyToNext armed}, it forwards the next request that names a given command to the server as
 * usual, and when the server's reply to it arrives it drops the reply and closes both sides of that
 * connection, so the server has applied the request while the client sees only a broken connection.
 * New connections (a client's reconnect) are forwarded normally. Used to prove that a commit whose
 * reply is lost is applied exactly once.
 *
 * <p>Requests are matched by their bytes (a RESP request carries the command's name in the clear),
 * one read at a time; a client that pipelines several requests in one write has the replies to all
 * of them cut. Plain blocking sockets, two daemon threads per connection. Thread-safe.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final AtomicReference<byte @Nullable []> armed = new AtomicReference<>();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<byte[][]> replacements = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private CuttingProxy(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  /**
   * Starts a proxy on an ephemeral loopback port that forwards to {@code targetPort} on loopback.
   *
   * @param targetPort the loopback port of the real server
   * @return the running proxy, not armed
   * @throws UncheckedIOException if it cannot listen
   */
  public static CuttingProxy start(int targetPort) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      CuttingProxy proxy = new CuttingProxy(listener, targetPort);
      daemon(proxy::accept, "cutting-proxy-accept-" + listener.getLocalPort());
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the proxy", e);
    }
  }

  /** {@return the loopback port the proxy listens on} */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@return {@code redis://127.0.0.1:<port>}: the proxy's address for a Redis client} */
  public String redisUri() {
    return "redis://127.0.0.1:" + port();
  }

  /**
   * Arms the proxy: the next request (on any connection) whose bytes hold {@code command} (say
   * {@code "EVALSHA"}) is forwarded, and its reply is dropped and that connection closed on both
   * sides before any byte of the reply reaches the client.
   *
   * @param command the bytes (as UTF-8) that mark the request whose reply is cut
   */
  public void cutReplyToNext(String command) {
    armed.set(command.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Rewrites {@code from} to {@code to} in every reply from now on, in place (so both must have the
   * same length in UTF-8, which keeps RESP's length prefixes right): for example a Redis Cluster
   * node's {@code 127.0.0.1:<its port>} to {@code 127.0.0.1:<its proxy's port>}, so that a cluster
   * client sees the proxies' addresses in the topology and in redirects, as behind a NAT. A match
   * split across two reads of the socket is not rewritten.
   *
   * @param from the text to replace
   * @param to its replacement, of the same length in UTF-8
   * @throws IllegalArgumentException if the lengths differ, or {@code from} is empty
   */
  public void replaceInReplies(String from, String to) {
    byte[] a = from.getBytes(StandardCharsets.UTF_8);
    byte[] b = to.getBytes(StandardCharsets.UTF_8);
    if (a.length == 0 || a.length != b.length) {
      throw new IllegalArgumentException(
          "replaceInReplies needs two texts of one length, got '" + from + "' and '" + to + "'");
    }
    replacements.add(new byte[][] {a, b});
  }

  /** Disarms the proxy, if no reply was cut since it was armed. */
  public void disarm() {
    armed.set(null);
  }

  /** {@return how many replies the proxy has cut so far} */
  public int cuts() {
    return cuts.get();
  }

  /** {@return how many client connections the proxy has accepted so far} */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Socket server;
      try {
        server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      connections.incrementAndGet();
      open.add(client);
      open.add(server);
      int n = connections.get();
      AtomicBoolean cutNextReply = new AtomicBoolean();
      daemon(() -> pump(client, server, cutNextReply, false), "cutting-proxy-up-" + n);
      daemon(() -> pump(server, client, cutNextReply, true), "cutting-proxy-down-" + n);
    }
  }

  private void pump(Socket from, Socket to, AtomicBoolean cutNextReply, boolean replies) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        if (replies && cutNextReply.get()) {
          cuts.incrementAndGet();
          break;
        }
        byte[] command = armed.get();
        if (!replies
            && command != null
            && contains(buffer, read, command)
            && armed.compareAndSet(command, null)) {
          cutNextReply.set(true);
        }
        if (replies) {
          replace(buffer, read);
        }
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (SocketException e) {
      // the other direction closed the connection: nothing left to forward
    } catch (IOException e) {
      // same: the connection is gone
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private void replace(byte[] buffer, int length) {
    for (byte[][] replacement : replacements) {
      byte[] from = replacement[0];
      for (int i = 0; i + from.length <= length; i++) {
        if (Arrays.equals(buffer, i, i + from.length, from, 0, from.length)) {
          System.arraycopy(replacement[1], 0, buffer, i, from.length);
        }
      }
    }
  }

  private static boolean contains(byte[] buffer, int length, byte[] part) {
    for (int i = 0; i + part.length <= length; i++) {
      if (Arrays.equals(buffer, i, i + part.length, part, 0, part.length)) {
        return true;
      }
    }
    return false;
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }

  /** Stops listening and closes every connection. Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing is best effort
    }
    open.forEach(CuttingProxy::closeQuietly);
  }
}
