package dev.sojourn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * The response as the application sees it behind {@link SessionFilter}: commits the session before
 * anything can commit the response (a redirect, including Servlet 6.1's {@code sendRedirect(String,
 * int, boolean)} family, an error, a flush of the buffer, the writer or the stream, the body
 * outgrowing the buffer or reaching the declared length), and never puts the session ID in a URL.
 *
 * <p>The body is measured in bytes of the response's character encoding: exactly for UTF-8,
 * ISO-8859-1 and US-ASCII, and as an upper bound (the encoder's most bytes per character) for the
 * others, so the session is committed no later than the container's buffer fills, possibly a little
 * earlier (which only costs a store write that the end of the request would make anyway).
 *
 * <p>One thread at a time, like the container's response (an async request's thread may take it
 * over).
 */
final class SessionResponse extends HttpServletResponseWrapper {
  /** {@code HttpServletResponse.sendRedirect(String, int, boolean)}: Servlet 6.1, absent in 6.0. */
  private static final @Nullable MethodHandle REDIRECT = redirectHandle();

  private final RequestSession sessions;
  private long written;
  private long contentLength = -1;
  private boolean sizeTriggered;
  private @Nullable ServletOutputStream stream;
  private @Nullable PrintWriter writer;

  SessionResponse(HttpServletResponse response, RequestSession sessions) {
    super(response);
    this.sessions = sessions;
  }

  void beforeCommit() {
    if (!isCommitted()) {
      sessions.commit();
    }
  }

  /** Called before {@code bytes} more bytes of body are written. */
  void beforeWrite(long bytes) {
    if (!sizeTriggered
        && (written + bytes >= getBufferSize()
            || (contentLength >= 0 && written + bytes >= contentLength))) {
      sizeTriggered = true;
      beforeCommit();
    }
    written += bytes;
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeCommit();
    super.sendRedirect(location);
  }

  /**
   * Servlet 6.1's redirect with a status: commits the session first. Declared without
   * {@code @Override} so that this class compiles against Servlet 6.0 and still overrides the
   * method on a 6.1 container.
   *
   * @throws UnsupportedOperationException on a Servlet 6.0 container, which has no such method
   */
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    beforeCommit();
    MethodHandle redirect = REDIRECT;
    if (redirect == null) {
      throw new UnsupportedOperationException(
          "sendRedirect(String, int, boolean) needs a Servlet 6.1 container");
    }
    try {
      redirect.invoke((HttpServletResponse) getResponse(), location, sc, clearBuffer);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** Servlet 6.1: a redirect with a status, clearing the buffer. */
  public void sendRedirect(String location, int sc) throws IOException {
    sendRedirect(location, sc, true);
  }

  /** Servlet 6.1: a 302 redirect that keeps or clears the buffer. */
  public void sendRedirect(String location, boolean clearBuffer) throws IOException {
    sendRedirect(location, HttpServletResponse.SC_FOUND, clearBuffer);
  }

  private static @Nullable MethodHandle redirectHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(
              HttpServletResponse.class,
              "sendRedirect",
              MethodType.methodType(void.class, String.class, int.class, boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  @Override
  public void sendError(int sc) throws IOException {
    beforeCommit();
    super.sendError(sc);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    beforeCommit();
    super.sendError(sc, msg);
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    super.flushBuffer();
  }

  @Override
  public void reset() {
    super.reset();
    written = 0;
    contentLength = -1;
    sizeTriggered = false;
    sessions.headersReset();
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    written = 0;
    sizeTriggered = false;
  }

  @Override
  public void setContentLength(int len) {
    super.setContentLength(len);
    contentLength = len;
  }

  @Override
  public void setContentLengthLong(long len) {
    super.setContentLengthLong(len);
    contentLength = len;
  }

  @Override
  public void setHeader(String name, @Nullable String value) {
    super.setHeader(name, value);
    noteContentLength(name, value);
  }

  @Override
  public void addHeader(String name, @Nullable String value) {
    super.addHeader(name, value);
    noteContentLength(name, value);
  }

  private void noteContentLength(String name, @Nullable String value) {
    if ("Content-Length".equalsIgnoreCase(name)) {
      try {
        contentLength = value == null ? -1 : Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        contentLength = -1;
      }
    }
  }

  /** Returns {@code url} unchanged: the session ID never travels in a URL. */
  @Override
  public String encodeURL(String url) {
    return url;
  }

  /** Returns {@code url} unchanged: the session ID never travels in a URL. */
  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream s = stream;
    if (s == null) {
      s = new GuardedStream(super.getOutputStream());
      stream = s;
    }
    return s;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    PrintWriter w = writer;
    if (w == null) {
      w = new PrintWriter(new GuardedWriter(super.getWriter(), getCharacterEncoding()), false);
      writer = w;
    }
    return w;
  }

  private final class GuardedStream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    GuardedStream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      beforeWrite(1);
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeWrite(len);
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  private final class GuardedWriter extends Writer {
    private final PrintWriter delegate;
    private final EncodedSize size;

    GuardedWriter(PrintWriter delegate, @Nullable String encoding) {
      this.delegate = delegate;
      this.size = EncodedSize.of(encoding);
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
      beforeWrite(size.of(chars, off, len));
      delegate.write(chars, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      beforeWrite(size.of(s, off, len));
      delegate.write(s, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit();
      delegate.close();
    }
  }
}
