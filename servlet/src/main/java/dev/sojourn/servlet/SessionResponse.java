package dev.sojourn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * The response as the application sees it behind {@link SessionFilter}: commits the session before
 * anything can commit the response (a redirect, an error, a flush of the buffer, the writer or the
 * stream, the body outgrowing the buffer or reaching the declared length), and never puts the
 * session ID in a URL.
 */
final class SessionResponse extends HttpServletResponseWrapper {
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
      w = new PrintWriter(new GuardedWriter(super.getWriter()), false);
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

    GuardedWriter(PrintWriter delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
      // An upper bound of the encoded size: the container must not overflow its buffer first.
      long bytes = 0;
      for (int i = off; i < off + len; i++) {
        bytes += chars[i] < 0x80 ? 1 : 3;
      }
      beforeWrite(bytes);
      delegate.write(chars, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      long bytes = 0;
      for (int i = off; i < off + len; i++) {
        bytes += s.charAt(i) < 0x80 ? 1 : 3;
      }
      beforeWrite(bytes);
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
