package dev.sojourn.redis;

import dev.sojourn.store.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The layout of one session hash, version {@value #LAYOUT_VERSION}. Every field is UTF-8 text
 * except attribute values, which are the codec's bytes as they came:
 *
 * <pre>
 * v   layout version ("1")          c   CSRF token (see csrfField: 24 raw bytes for ours)
 * t   created at (epoch ms)         l   last accessed at (epoch ms)
 * d   deadline (epoch ms, store clock) n   version
 * u   user (absent: anonymous)      s   signed in at (epoch ms; with u)
 * x   the user index's digest, 22 base64url chars (with u; older hashes: the index key's name)
 * a:NAME  attribute NAME, encoded
 * m   the session's own idle timeout (ms, positive; absent: the manager's, as most sessions)
 * i   the ID sealed with the store's idKey (binary; only if the store has one)
 * o   the identity of the commit that wrote the current version (16 bytes, binary; see
 *     SessionChange#commitId): a repeat of that commit is answered, not applied again
 * </pre>
 *
 * The session ID is never stored in the clear: the key holds its digest. The user name ({@code u}),
 * the CSRF token ({@code c}, as bytes rather than text when it has the generator's form) and the
 * attribute values are stored in the clear. Any other field, a different layout version, a missing
 * required field, or a field that does not parse makes the hash {@linkplain CorruptSessionException
 * corrupt}.
 */
final class SessionHash {
  static final String LAYOUT_VERSION = "1";
  static final String ATTRIBUTE_PREFIX = "a:";
  static final String SEALED_ID = "i";
  static final String COMMIT_ID = "o";
  static final String CSRF = "c";

  /** Characters of a {@link dev.sojourn.TokenGenerator} token; as base64url, 24 bytes. */
  private static final int TOKEN_CHARS = 32;

  private static final byte RAW_TOKEN = 0;
  private static final byte TEXT_TOKEN = 1;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private SessionHash() {}

  /** Thrown when a stored hash does not follow the layout; the message says what is wrong. */
  static final class CorruptSessionException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptSessionException(String message) {
      super(message);
    }
  }

  /**
   * Decodes a hash as HGETALL returned it (field names and values as bytes).
   *
   * @param id the ID to put in the snapshot
   * @return the snapshot, or null for an empty hash (no such key)
   */
  static @Nullable Snapshot decode(String id, Map<byte[], byte[]> hash)
      throws CorruptSessionException {
    if (hash.isEmpty()) {
      return null;
    }
    Map<String, String> meta = new HashMap<>();
    Map<String, byte[]> attributes = new HashMap<>();
    for (Map.Entry<byte[], byte[]> entry : hash.entrySet()) {
      String field = text(entry.getKey(), "a field name");
      if (field.equals(SEALED_ID) || field.equals(COMMIT_ID)) {
        continue;
      }
      if (field.equals(CSRF)) {
        meta.put(CSRF, csrfToken(entry.getValue()));
        continue;
      }
      if (field.startsWith(ATTRIBUTE_PREFIX)) {
        attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), entry.getValue());
        continue;
      }
      switch (field) {
        case "v", "t", "l", "d", "n", "u", "s", "x", "m" ->
            meta.put(field, text(entry.getValue(), "field '" + field + "'"));
        default -> throw new CorruptSessionException("foreign field '" + printable(field) + "'");
      }
    }
    String layout = meta.get("v");
    if (!LAYOUT_VERSION.equals(layout)) {
      throw new CorruptSessionException(
          "layout version "
              + (layout == null ? "missing" : "'" + printable(layout) + "'")
              + ", this store reads "
              + LAYOUT_VERSION);
    }
    String csrf = required(meta, "c");
    String user = meta.get("u");
    if (csrf.isEmpty() || "".equals(user) || (user != null && !meta.containsKey("s"))) {
      throw new CorruptSessionException("an empty CSRF token or user, or a user without 's'");
    }
    long version = number(meta, "n");
    if (version < 1) {
      throw new CorruptSessionException("version " + version + " is below 1");
    }
    long idleTimeout = meta.containsKey("m") ? number(meta, "m") : Snapshot.DEFAULT_IDLE_TIMEOUT;
    if (meta.containsKey("m") && idleTimeout < 1) {
      throw new CorruptSessionException("own idle timeout " + idleTimeout + " is not positive");
    }
    return Snapshot.builder(id, csrf)
        .user(user, user == null ? Snapshot.NEVER : number(meta, "s"))
        .createdAt(number(meta, "t"))
        .lastAccessedAt(number(meta, "l"))
        .expiresAt(number(meta, "d"))
        .version(version)
        .idleTimeoutMillis(idleTimeout)
        .attributes(attributes)
        .build();
  }

  /**
   * The stored form of a CSRF token (field {@code c}; issue 9, item 4). A token of 32 characters of
   * the base64url alphabet, which takes in the generator's tokens (32 base58 characters), is stored
   * as a zero byte and the 24 bytes whose base64url form it is (25 bytes, not 32; lossless, as 32
   * base64url characters are exactly 24 bytes); any other token as its UTF-8 text, behind a one
   * byte if it starts with a zero or one byte itself. Text not starting with either (every token
   * stored before this form) reads as it is.
   */
  static byte[] csrfField(String token) {
    if (token.length() == TOKEN_CHARS && Keys.isBase64Url(token)) {
      byte[] raw = Base64.getUrlDecoder().decode(token);
      byte[] field = new byte[raw.length + 1];
      field[0] = RAW_TOKEN;
      System.arraycopy(raw, 0, field, 1, raw.length);
      return field;
    }
    byte[] text = token.getBytes(StandardCharsets.UTF_8);
    if (token.isEmpty() || (token.charAt(0) != RAW_TOKEN && token.charAt(0) != TEXT_TOKEN)) {
      return text;
    }
    byte[] field = new byte[text.length + 1];
    field[0] = TEXT_TOKEN;
    System.arraycopy(text, 0, field, 1, text.length);
    return field;
  }

  /** The CSRF token that {@link #csrfField} stored as {@code field}. */
  static String csrfToken(byte[] field) throws CorruptSessionException {
    if (field.length > 0 && field[0] == RAW_TOKEN) {
      if (field.length != TOKEN_CHARS / 4 * 3 + 1) {
        throw new CorruptSessionException(
            "field 'c' holds " + (field.length - 1) + " token bytes, not " + TOKEN_CHARS / 4 * 3);
      }
      return BASE64URL.encodeToString(Arrays.copyOfRange(field, 1, field.length));
    }
    if (field.length > 0 && field[0] == TEXT_TOKEN) {
      return text(Arrays.copyOfRange(field, 1, field.length), "field 'c'");
    }
    return text(field, "field 'c'");
  }

  /** The sealed ID field's bytes, or null if the hash has none. */
  static byte @Nullable [] sealedId(Map<byte[], byte[]> hash) {
    byte[] name = SEALED_ID.getBytes(StandardCharsets.UTF_8);
    for (Map.Entry<byte[], byte[]> entry : hash.entrySet()) {
      if (Arrays.equals(entry.getKey(), name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static String required(Map<String, String> meta, String field)
      throws CorruptSessionException {
    String value = meta.get(field);
    if (value == null) {
      throw new CorruptSessionException("required field '" + field + "' is missing");
    }
    return value;
  }

  private static long number(Map<String, String> meta, String field)
      throws CorruptSessionException {
    String value = required(meta, field);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new CorruptSessionException(
          "field '" + field + "' is not a number: '" + printable(value) + "'");
    }
  }

  private static String text(byte[] bytes, String what) throws CorruptSessionException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptSessionException(what + " is not UTF-8");
    }
  }

  /** At most 40 characters, control characters escaped: safe for a log line. */
  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 40; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return value.length() > 40 ? out + "..." : out.toString();
  }
}
