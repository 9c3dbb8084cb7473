package dev.sojourn.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeCodecTest {
  private final AttributeCodec codec = AttributeCodec.defaults();

  record Point(int x, int y) {}

  static final class PointCodec implements ValueCodec<Point> {
    @Override
    public Class<Point> type() {
      return Point.class;
    }

    @Override
    public String name() {
      return "test.point.v1";
    }

    @Override
    public byte[] encode(Point value) {
      return (value.x() + "," + value.y()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Point decode(byte[] bytes) {
      String[] parts = new String(bytes, StandardCharsets.UTF_8).split(",");
      return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
  }

  @Test
  void defaultTypes_roundTrip() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("z", List.of(1L, "two", 3.0));
    nested.put("a", Map.of("deep", true));
    List<Object> values =
        List.of(
            "héllo wörld ✓",
            "",
            "x".repeat(127),
            "x".repeat(128),
            "é".repeat(70_000),
            42,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            3.5d,
            -0.25f,
            true,
            false,
            Instant.parse("2026-11-21T10:15:30.123456789Z"),
            new BigInteger("-123456789012345678901234567890"),
            new BigDecimal("12345.6789"),
            List.of(),
            nested);
    for (Object value : values) {
      assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    }
  }

  @Test
  void bytes_roundTrip() {
    byte[] value = {0, 1, -1, 127, -128};
    assertThat((byte[]) codec.decode(codec.encode(value))).isEqualTo(value);
  }

  @Test
  void decodedMap_keepsOrder_andIsUnmodifiable() {
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", 2);
    Object decoded = codec.decode(codec.encode(map));
    @SuppressWarnings("unchecked")
    Map<Object, Object> decodedMap = (Map<Object, Object>) decoded;
    assertThat(decodedMap.keySet()).containsExactly("b", "a");
    assertThatThrownBy(() -> decodedMap.put("c", 3))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void encode_rejectsUnknownType_naming_it() {
    assertThatThrownBy(() -> codec.encode(new Point(1, 2)))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "no codec for dev.sojourn.codec.AttributeCodecTest$Point: register a ValueCodec with"
                + " AttributeCodec.builder().register(...)");
  }

  @Test
  void encode_rejectsNullInsideAList() {
    List<Object> list = new ArrayList<>();
    list.add(null);
    assertThatThrownBy(() -> codec.encode(list))
        .isInstanceOf(CodecException.class)
        .hasMessage("a list attribute must not hold null");
  }

  @Test
  void encode_rejectsNestingDeeperThanTheLimit() {
    Object value = "leaf";
    for (int i = 0; i < AttributeCodec.MAX_DEPTH + 2; i++) {
      value = List.of(value);
    }
    Object deep = value;
    assertThatThrownBy(() -> codec.encode(deep)).isInstanceOf(CodecException.class);
  }

  @Test
  void registeredType_roundTrips_byName() {
    AttributeCodec custom = AttributeCodec.builder().register(new PointCodec()).build();
    byte[] bytes = custom.encode(List.of(new Point(3, 4)));
    assertThat(custom.decode(bytes)).isEqualTo(List.of(new Point(3, 4)));
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("test.point.v1");
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("AttributeCodecTest");
  }

  @Test
  void decode_ofUnregisteredName_fails() {
    byte[] bytes =
        AttributeCodec.builder().register(new PointCodec()).build().encode(new Point(1, 1));
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(CodecException.class)
        .hasMessage("no codec registered under the name 'test.point.v1'");
  }

  @Test
  void register_rejectsDefaultTypes_andDuplicates() {
    AttributeCodec.Builder builder = AttributeCodec.builder().register(new PointCodec());
    assertThatThrownBy(() -> builder.register(new PointCodec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is registered");
    ValueCodec<String> stringCodec =
        new ValueCodec<>() {
          @Override
          public Class<String> type() {
            return String.class;
          }

          @Override
          public String name() {
            return "s";
          }

          @Override
          public byte[] encode(String value) {
            return new byte[0];
          }

          @Override
          public String decode(byte[] bytes) {
            return "";
          }
        };
    assertThatThrownBy(() -> AttributeCodec.builder().register(stringCodec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("java.lang.String is a default type; it has a codec");
  }

  @Test
  void decode_rejectsGarbage_withPreciseMessages() {
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(CodecException.class)
        .hasMessage("empty value: expected a format version byte");
    assertThatThrownBy(() -> codec.decode(new byte[] {2, 'S', 0}))
        .isInstanceOf(CodecException.class)
        .hasMessage("unsupported format version 2, this codec reads 1");
    assertThatThrownBy(() -> codec.decode(new byte[] {1, '?'}))
        .isInstanceOf(CodecException.class)
        .hasMessage("unknown tag 63 at byte 1");
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 'S', 5, 'a'}))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("truncated");
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 'T', 0}))
        .isInstanceOf(CodecException.class)
        .hasMessage("trailing bytes after the value: 1 left");
  }

  @Test
  void decode_ofHugeDeclaredLength_failsWithoutAllocating() {
    byte[] bytes = {1, 'L', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("truncated");
  }

  @Test
  void decode_neverThrowsAnythingButCodecException_onRandomBytes() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(24)];
      random.nextBytes(bytes);
      if (bytes.length > 0) {
        bytes[0] = 1;
      }
      try {
        codec.decode(bytes);
      } catch (CodecException expected) {
        // the only failure the contract allows
      } catch (RuntimeException e) {
        throw new AssertionError("input " + Arrays.toString(bytes) + " threw " + e, e);
      }
    }
  }
}
