package dev.sojourn.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target: {@code decode(encode(x))} equals {@code x} for every value the codec accepts
 * (docs/fuzzing.md). The fuzzer's bytes describe a value tree of the default types and a registered
 * type, nested up to two levels past {@link AttributeCodec#MAX_DEPTH}; encoding must succeed
 * exactly when the nesting is within the limit and every string is well-formed UTF-16 (an unpaired
 * surrogate has no UTF-8 form: it is refused, not stored as {@code ?}). Regression inputs: {@code
 * AttributeCodecRoundTripFuzzTestInputs/roundTrip/}.
 */
class AttributeCodecRoundTripFuzzTest {
  private static final AttributeCodec CODEC =
      AttributeCodec.builder().register(new AttributeCodecFuzzTest.PointCodec()).build();

  @FuzzTest(maxDuration = "60s")
  void roundTrip(FuzzedDataProvider data) {
    Generated generated = value(data, 0);
    Object value = generated.value;
    if (generated.depth > AttributeCodec.MAX_DEPTH || !generated.wellFormed) {
      try {
        byte[] stored = CODEC.encode(value);
        throw new AssertionError(
            String.format(
                "encode accepted a value nested %d deep (limit %d), strings well-formed: %s;"
                    + " it decodes to %s",
                generated.depth,
                AttributeCodec.MAX_DEPTH,
                generated.wellFormed,
                CODEC.decode(stored)));
      } catch (CodecException expected) {
        // refused, as documented
      }
      return;
    }
    Object decoded = CODEC.decode(CODEC.encode(value));
    assertThat(deepEquals(value, decoded)).as("decode(encode(%s)) = %s", value, decoded).isTrue();
  }

  /** A generated value, the deepest list or map level in it, and whether its strings are UTF-16. */
  private record Generated(Object value, int depth, boolean wellFormed) {}

  private static Generated value(FuzzedDataProvider data, int depth) {
    int kind = data.consumeInt(0, depth > AttributeCodec.MAX_DEPTH + 1 ? 12 : 14);
    switch (kind) {
      case 0 -> {
        // consumeString yields well-formed UTF-16 only; consumeChar can be any code unit.
        String s = data.consumeString(64);
        if (data.consumeBoolean()) {
          int at = data.consumeInt(0, s.length());
          s = s.substring(0, at) + data.consumeChar() + s.substring(at);
        }
        return new Generated(s, depth, isWellFormed(s));
      }
      case 1 -> {
        return leaf(data.consumeInt(), depth);
      }
      case 2 -> {
        return leaf(data.consumeLong(), depth);
      }
      case 3 -> {
        return leaf(Double.longBitsToDouble(data.consumeLong()), depth);
      }
      case 4 -> {
        return leaf(Float.intBitsToFloat(data.consumeInt()), depth);
      }
      case 5 -> {
        return leaf(data.consumeBoolean(), depth);
      }
      case 6 -> {
        return leaf(data.consumeBytes(64), depth);
      }
      case 7 -> {
        return leaf(
            Instant.ofEpochSecond(
                data.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                data.consumeInt(0, 999_999_999)),
            depth);
      }
      case 8 -> {
        return leaf(new BigInteger(data.consumeLong() + "" + data.consumeInt(0, 99)), depth);
      }
      case 9 -> {
        return leaf(
            new BigDecimal(BigInteger.valueOf(data.consumeLong()), data.consumeInt()), depth);
      }
      case 10, 11 -> {
        return leaf(new AttributeCodecFuzzTest.Point(data.consumeInt(), data.consumeInt()), depth);
      }
      case 12 -> {
        return leaf(data.consumeAsciiString(16), depth);
      }
      case 13 -> {
        int size = data.consumeInt(0, 4);
        List<Object> list = new ArrayList<>();
        int deepest = depth;
        boolean wellFormed = true;
        for (int i = 0; i < size; i++) {
          Generated element = value(data, depth + 1);
          list.add(element.value);
          deepest = Math.max(deepest, element.depth);
          wellFormed &= element.wellFormed;
        }
        return new Generated(list, deepest, wellFormed);
      }
      default -> {
        int size = data.consumeInt(0, 4);
        Map<Object, Object> map = new LinkedHashMap<>();
        int deepest = depth;
        boolean wellFormed = true;
        for (int i = 0; i < size; i++) {
          Generated key = value(data, depth + 1);
          Generated v = value(data, depth + 1);
          if (key.value instanceof byte[] || map.containsKey(key.value)) {
            continue; // byte[] keys compare by identity: no decoded map could equal this one
          }
          map.put(key.value, v.value);
          deepest = Math.max(deepest, Math.max(key.depth, v.depth));
          wellFormed &= key.wellFormed && v.wellFormed;
        }
        return new Generated(map, deepest, wellFormed);
      }
    }
  }

  private static Generated leaf(Object value, int depth) {
    return new Generated(value, depth, true);
  }

  /** Whether every surrogate in {@code s} is half of a high-low pair. */
  static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Equality that compares byte arrays by content, and lists and maps element by element. */
  static boolean deepEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
      Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
      while (i.hasNext()) {
        Map.Entry<?, ?> e = i.next();
        Map.Entry<?, ?> f = j.next();
        if (!deepEquals(e.getKey(), f.getKey()) || !deepEquals(e.getValue(), f.getValue())) {
          return false;
        }
      }
      return true;
    }
    return a.getClass() == b.getClass() && a.equals(b);
  }
}
