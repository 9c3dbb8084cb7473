package dev.sojourn.spring.security;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.CodecException;
import dev.sojourn.codec.ValueCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;

/**
 * Stores Spring Security's {@link DefaultSavedRequest} (what {@code HttpSessionRequestCache} keeps
 * when an anonymous client asks for a protected page, to send it back there after sign-in) as plain
 * data, never Java serialization. Without it such a request fails with a {@link CodecException}.
 *
 * <p>Kept: method, URL parts, parameters, locales, headers and the matching parameter name. Left
 * out on purpose: cookies and the {@code Cookie} and {@code Authorization} headers (a session ID or
 * a credential must not be copied into the session). Thread-safe.
 */
public final class SavedRequestCodec implements ValueCodec<DefaultSavedRequest> {
  /** The name written with every stored request. */
  public static final String NAME = "spring.security.saved-request.v1";

  private static final AttributeCodec DATA = AttributeCodec.defaults();
  private static final List<String> STRING_FIELDS =
      List.of(
          "method",
          "scheme",
          "serverName",
          "contextPath",
          "servletPath",
          "pathInfo",
          "requestURI",
          "requestURL",
          "queryString");

  /**
   * Creates the codec; register it with {@code AttributeCodec.builder().register(...)} (the Spring
   * Boot starter does). It holds no state: one instance serves every thread.
   */
  public SavedRequestCodec() {}

  @Override
  public Class<DefaultSavedRequest> type() {
    return DefaultSavedRequest.class;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] encode(DefaultSavedRequest request) {
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "method", request.getMethod());
    put(data, "scheme", request.getScheme());
    put(data, "serverName", request.getServerName());
    put(data, "contextPath", request.getContextPath());
    put(data, "servletPath", request.getServletPath());
    put(data, "pathInfo", request.getPathInfo());
    put(data, "requestURI", request.getRequestURI());
    put(data, "requestURL", request.getRequestURL());
    put(data, "queryString", request.getQueryString());
    data.put("serverPort", request.getServerPort());
    Map<String, Object> parameters = new LinkedHashMap<>();
    request.getParameterMap().forEach((k, v) -> parameters.put(k, Arrays.asList(v)));
    data.put("parameters", parameters);
    Map<String, Object> headers = new LinkedHashMap<>();
    for (String name : request.getHeaderNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.equals("cookie") && !lower.equals("authorization")) {
        headers.put(name, List.copyOf(request.getHeaderValues(name)));
      }
    }
    data.put("headers", headers);
    List<Object> locales = new ArrayList<>();
    request.getLocales().forEach(l -> locales.add(l.toLanguageTag()));
    data.put("locales", locales);
    String matching = matchingParameter(request);
    if (matching != null) {
      data.put("matchingParameter", matching);
    }
    return DATA.encode(data);
  }

  /** The parameter name {@code getRedirectUrl()} appends (there is no getter for it). */
  private static @Nullable String matchingParameter(DefaultSavedRequest request) {
    String redirect = request.getRedirectUrl();
    String query = request.getQueryString();
    String base = request.getRequestURL() + (query == null ? "" : "?" + query);
    if (redirect.length() <= base.length() + 1 || !redirect.startsWith(base)) {
      return null;
    }
    return redirect.substring(base.length() + 1);
  }

  private static void put(Map<String, Object> data, String key, @Nullable String value) {
    if (value != null) {
      data.put(key, value);
    }
  }

  @Override
  public DefaultSavedRequest decode(byte[] bytes) {
    Map<?, ?> data = Fields.map(DATA.decode(bytes), "saved request");
    for (Object key : data.keySet()) {
      if (STRING_FIELDS.contains(key) && !(data.get(key) instanceof String)) {
        throw new CodecException(key + " is not a string");
      }
    }
    Object port = data.get("serverPort");
    if (!(port instanceof Integer serverPort)) {
      throw new CodecException("serverPort is not an int");
    }
    DefaultSavedRequest.Builder builder =
        new DefaultSavedRequest.Builder()
            .setMethod(Fields.string(data, "method"))
            .setScheme(Fields.string(data, "scheme"))
            .setServerName(Fields.string(data, "serverName"))
            .setServerPort(serverPort)
            .setRequestURI(Fields.string(data, "requestURI"))
            .setRequestURL(Fields.string(data, "requestURL"));
    String contextPath = (String) data.get("contextPath");
    builder.setContextPath(contextPath == null ? "" : contextPath);
    String servletPath = (String) data.get("servletPath");
    builder.setServletPath(servletPath == null ? "" : servletPath);
    String pathInfo = (String) data.get("pathInfo");
    if (pathInfo != null) {
      builder.setPathInfo(pathInfo);
    }
    String queryString = (String) data.get("queryString");
    if (queryString != null) {
      builder.setQueryString(queryString);
    }
    Map<String, String[]> parameters = new LinkedHashMap<>();
    Fields.map(data.get("parameters"), "parameters")
        .forEach((k, v) -> parameters.put((String) k, strings(v).toArray(new String[0])));
    builder.setParameters(parameters);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Fields.map(data.get("headers"), "headers")
        .forEach((k, v) -> headers.put((String) k, strings(v)));
    builder.setHeaders(headers);
    List<Locale> locales = new ArrayList<>();
    strings(data.get("locales")).forEach(tag -> locales.add(Locale.forLanguageTag(tag)));
    builder.setLocales(locales);
    Object matching = data.get("matchingParameter");
    if (matching instanceof String name) {
      builder.setMatchingRequestParameterName(name);
    }
    return builder.build();
  }

  private static List<String> strings(@Nullable Object value) {
    if (!(value instanceof List<?> list)) {
      throw new CodecException("expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw new CodecException("expected a list of strings");
      }
      out.add(s);
    }
    return out;
  }
}
