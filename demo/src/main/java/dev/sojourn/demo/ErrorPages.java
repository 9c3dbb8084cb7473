package dev.sojourn.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Generic error pages: the status and its standard reason, never an exception's class, message or
 * stack, nor the server's name. Jetty's own pages show the exception and its causes; a visitor
 * learns nothing useful from them, and an attacker learns the stack. The exception is still logged.
 */
final class ErrorPages {
  private ErrorPages() {}

  /** The body of the page for {@code status}. */
  static String html(int status) {
    String reason = HttpStatus.getMessage(status);
    return Html.page(
        status + " " + reason,
        "<h1>"
            + status
            + " "
            + Html.escape(reason)
            + "</h1>\n<p>Something went wrong. <a"
            + " href=\"/\">Back to the home page</a>.</p>");
  }

  /** For errors inside the servlet context: exceptions and {@code sendError}. */
  static final class Servlet extends ErrorHandler {
    @Override
    protected void generateAcceptableResponse(
        ServletContextRequest baseRequest,
        HttpServletRequest request,
        HttpServletResponse response,
        int code,
        String message)
        throws IOException {
      Hardening.apply(response);
      response.setHeader("Cache-Control", "no-store");
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write(html(code));
    }
  }

  /** For errors outside the context and malformed requests, answered by the server itself. */
  static final class Server extends org.eclipse.jetty.server.handler.ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      HttpFields.Mutable headers = response.getHeaders();
      headers.put(HttpHeader.CONTENT_TYPE, "text/html;charset=UTF-8");
      headers.put(HttpHeader.CACHE_CONTROL, "no-store");
      headers.put("Content-Security-Policy", Hardening.CONTENT_SECURITY_POLICY);
      headers.put("X-Content-Type-Options", "nosniff");
      headers.put("Referrer-Policy", "same-origin");
      response.write(true, ByteBuffer.wrap(html(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8"));
      return ByteBuffer.wrap(
          (status + " " + HttpStatus.getMessage(status) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
