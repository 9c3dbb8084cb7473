package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sojourn.store.Snapshot;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Fuzz target: {@link SessionHash#decode} and the sealed-ID field, on a hash a corrupted or hostile
 * Redis returns (docs/fuzzing.md). The input is the hash as text lines, one field a line, {@code
 * name=value} split at the first {@code =} (a line without one is a field with an empty value; the
 * last of two equal names wins, as Redis keeps one), so the regression inputs in {@code
 * SessionHashFuzzTestInputs/decode/} read as the hash they stand for. Checked for every input:
 *
 * <ul>
 *   <li>decoding returns a snapshot, returns null for the empty hash only, or throws {@link
 *       SessionHash.CorruptSessionException}: nothing else;
 *   <li>a snapshot is one the API can hold (a non-empty CSRF token, a version of at least 1, no
 *       user or a non-empty one: {@code Session.login} refuses an empty name);
 *   <li>a snapshot holds exactly what the hash said (CSRF token, user, times, version, every {@code
 *       a:} attribute byte for byte), and writing it back in the documented layout decodes to the
 *       same snapshot;
 *   <li>the sealed ID field ({@code i}), whatever its bytes, either opens or is corrupt: {@link
 *       IdCipher#open} throws nothing but {@link SessionHash.CorruptSessionException}.
 * </ul>
 */
class SessionHashFuzzTest {
  private static final String ID = "2222222222222222222222222222222A";
  private static final IdCipher CIPHER = new IdCipher(java.util.List.of(new byte[32]));

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] input) throws Exception {
    Map<byte[], byte[]> hash = parse(input);
    Snapshot snapshot;
    try {
      snapshot = SessionHash.decode(ID, hash);
    } catch (SessionHash.CorruptSessionException corrupt) {
      assertThat(corrupt.getMessage()).isNotBlank();
      snapshot = null;
    }
    if (hash.isEmpty()) {
      assertThat(snapshot).isNull();
    } else if (snapshot != null) {
      assertMatches(snapshot, hash);
      Snapshot again = Objects.requireNonNull(SessionHash.decode(ID, layout(snapshot)));
      assertMatches(again, layout(snapshot));
    }
    byte[] sealed = SessionHash.sealedId(hash);
    if (sealed != null) {
      try {
        CIPHER.open(sealed, Keys.digest(ID));
      } catch (SessionHash.CorruptSessionException expected) {
        // the only allowed failure
      }
      if (sealed.length > 0) {
        // A sealed ID that really opens stops opening when any bit of it changes.
        byte[] real = CIPHER.seal(ID, Keys.digest(ID));
        int at = Math.floorMod(sealed[0], real.length);
        real[at] ^= (byte) (sealed[sealed.length - 1] == 0 ? 1 : sealed[sealed.length - 1]);
        assertThatThrownBy(() -> CIPHER.open(real, Keys.digest(ID)))
            .isInstanceOf(SessionHash.CorruptSessionException.class);
      }
    }
  }

  /** The snapshot carries what the hash's fields say. */
  private static void assertMatches(Snapshot snapshot, Map<byte[], byte[]> hash) {
    Map<String, byte[]> fields = new HashMap<>();
    hash.forEach((k, v) -> fields.put(new String(k, UTF_8), v));
    assertThat(snapshot.id()).isEqualTo(ID);
    assertThat(snapshot.csrfToken()).isEqualTo(text(fields.get("c")));
    assertThat(snapshot.version()).isEqualTo(Long.parseLong(text(fields.get("n")))).isPositive();
    assertThat(snapshot.createdAtMillis()).isEqualTo(Long.parseLong(text(fields.get("t"))));
    assertThat(snapshot.lastAccessedAtMillis()).isEqualTo(Long.parseLong(text(fields.get("l"))));
    assertThat(snapshot.expiresAtMillis()).isEqualTo(Long.parseLong(text(fields.get("d"))));
    byte[] user = fields.get("u");
    assertThat(snapshot.user()).isEqualTo(user == null ? null : text(user)).isNotEqualTo("");
    if (user != null) {
      assertThat(snapshot.authenticatedAtMillis()).isEqualTo(Long.parseLong(text(fields.get("s"))));
    }
    Map<String, byte[]> attributes = new HashMap<>();
    fields.forEach(
        (name, value) -> {
          if (name.startsWith(SessionHash.ATTRIBUTE_PREFIX)) {
            attributes.put(name.substring(SessionHash.ATTRIBUTE_PREFIX.length()), value);
          }
        });
    assertThat(snapshot.attributes().keySet()).isEqualTo(attributes.keySet());
    attributes.forEach(
        (name, value) -> assertThat(snapshot.attributes().get(name)).isEqualTo(value));
  }

  /** The snapshot written in the layout {@link SessionHash} documents. */
  private static Map<byte[], byte[]> layout(Snapshot snapshot) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put("v", bytes(SessionHash.LAYOUT_VERSION));
    fields.put("c", bytes(snapshot.csrfToken()));
    fields.put("t", bytes(Long.toString(snapshot.createdAtMillis())));
    fields.put("l", bytes(Long.toString(snapshot.lastAccessedAtMillis())));
    fields.put("d", bytes(Long.toString(snapshot.expiresAtMillis())));
    fields.put("n", bytes(Long.toString(snapshot.version())));
    String user = snapshot.user();
    if (user != null) {
      fields.put("u", bytes(user));
      fields.put("s", bytes(Long.toString(snapshot.authenticatedAtMillis())));
    }
    snapshot.attributes().forEach((name, value) -> fields.put("a:" + name, value));
    Map<byte[], byte[]> hash = new LinkedHashMap<>();
    fields.forEach((name, value) -> hash.put(bytes(name), value));
    return hash;
  }

  /** The input's lines as a hash with byte-array keys, as Lettuce's byte-array codec returns it. */
  static Map<byte[], byte[]> parse(byte[] input) {
    Map<ByteBuffer, byte[]> unique = new LinkedHashMap<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i == input.length || input[i] == '\n') {
        if (i > start) {
          byte[] line = Arrays.copyOfRange(input, start, i);
          int eq = indexOf(line, (byte) '=');
          byte[] name = eq < 0 ? line : Arrays.copyOfRange(line, 0, eq);
          byte[] value = eq < 0 ? new byte[0] : Arrays.copyOfRange(line, eq + 1, line.length);
          unique.remove(ByteBuffer.wrap(name));
          unique.put(ByteBuffer.wrap(name), value);
        }
        start = i + 1;
      }
    }
    Map<byte[], byte[]> hash = new LinkedHashMap<>();
    unique.forEach((name, value) -> hash.put(name.array(), value));
    return hash;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte @Nullable [] bytes) {
    return new String(Objects.requireNonNull(bytes, "a field the snapshot needs"), UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
