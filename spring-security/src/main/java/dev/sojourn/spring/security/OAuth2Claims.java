package dev.sojourn.spring.security;

import dev.sojourn.codec.CodecException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Claims and attributes of OAuth2 tokens and users as plain data: values of the codec's default
 * types stay as they are, other collections become lists (a {@code Set} of scopes comes back as a
 * {@code List}), and top-level {@link URL} values (an OpenID Connect ID token's {@code iss}) are
 * stored as text and named, so they come back as {@link URL}s. Any other type is refused when
 * stored, by the attribute codec.
 */
final class OAuth2Claims {
  private OAuth2Claims() {}

  static Map<String, Object> encode(Map<String, ?> claims) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<Object> urls = new ArrayList<>();
    for (Map.Entry<String, ?> claim : claims.entrySet()) {
      Object value = claim.getValue();
      if (value instanceof URL url) {
        values.put(claim.getKey(), url.toExternalForm());
        urls.add(claim.getKey());
      } else {
        values.put(claim.getKey(), plain(value));
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("values", values);
    data.put("urls", urls);
    return data;
  }

  private static Object plain(@Nullable Object value) {
    if (value == null) {
      throw new CodecException("cannot store a null claim value");
    }
    if (value instanceof Collection<?> collection && !(value instanceof List<?>)) {
      return new ArrayList<>(collection);
    }
    return value;
  }

  static Map<String, Object> decode(@Nullable Object stored) {
    Map<?, ?> data = Fields.map(stored, "claims");
    Map<?, ?> values = Fields.map(data.get("values"), "claim values");
    List<?> urls = Fields.list(data, "urls");
    Map<String, Object> claims = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new CodecException("a claim name is not a string");
      }
      Object value = entry.getValue();
      if (urls.contains(name)) {
        value = url(value, name);
      }
      claims.put(name, value);
    }
    return claims;
  }

  private static URL url(@Nullable Object value, String name) {
    if (!(value instanceof String text)) {
      throw new CodecException("claim " + name + " should be a URL");
    }
    try {
      return URI.create(text).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new CodecException("claim " + name + " is not a URL: " + e.getMessage());
    }
  }
}
