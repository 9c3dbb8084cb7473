package dev.sojourn.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target: {@link AttributeCodec#decode} on bytes a corrupted or hostile store controls
 * (docs/fuzzing.md). Regression inputs: {@code AttributeCodecFuzzTestInputs/decode/}.
 *
 * <p>The contract checked for every input:
 *
 * <ul>
 *   <li>decoding either returns a value or throws {@link CodecException}; any other exception or
 *       error fails the target;
 *   <li>it allocates in proportion to the input, never to a length the input claims (at most
 *       {@value #BYTES_PER_INPUT_BYTE} bytes per input byte plus {@value #ALLOCATION_SLACK});
 *   <li>a value it returns encodes without error, and that encoding decodes to a value that encodes
 *       to the same bytes again (decode and encode agree, nothing is lost on the second trip);
 *   <li>the same holds with a registered {@link ValueCodec} whose own decoder throws arbitrary
 *       runtime exceptions on garbage: they reach the caller as a {@link CodecException}.
 * </ul>
 */
class AttributeCodecFuzzTest {
  static final long BYTES_PER_INPUT_BYTE = 128;
  static final long ALLOCATION_SLACK = 1 << 20;

  private static final byte[] REPLACEMENT_UTF8 = "\uFFFD".getBytes(StandardCharsets.UTF_8);
  private static final AttributeCodec DEFAULTS = AttributeCodec.defaults();
  private static final AttributeCodec WITH_POINT =
      AttributeCodec.builder().register(new PointCodec()).build();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] input) {
    check(DEFAULTS, input);
    check(WITH_POINT, input);
  }

  private static void check(AttributeCodec codec, byte[] input) {
    Object value;
    try {
      value = codec.decode(input);
    } catch (CodecException expected) {
      value = null;
    }
    long allocated = allocatedDecoding(codec, input);
    if (allocated > allocationBound(input)) {
      // The first decode of a shape loads (and, when fuzzing, instruments) classes on this
      // thread; only an allocation that repeats is the decoder's own.
      allocated = allocatedDecoding(codec, input);
    }
    assertThat(allocated)
        .as("bytes allocated decoding %d input bytes", input.length)
        .isLessThanOrEqualTo(allocationBound(input));
    if (value == null) {
      return;
    }
    if (!contains(input, REPLACEMENT_UTF8)) {
      assertThat(hasReplacementChar(value))
          .as("a decoded string holds U+FFFD the input never encoded: malformed UTF-8 was accepted")
          .isFalse();
    }
    byte[] once = codec.encode(value);
    byte[] twice = codec.encode(codec.decode(once));
    assertThat(twice).as("re-encoding of a decoded value is stable").isEqualTo(once);
  }

  private static long allocationBound(byte[] input) {
    return BYTES_PER_INPUT_BYTE * input.length + ALLOCATION_SLACK;
  }

  /** The bytes this thread allocates decoding {@code input}, whatever the outcome. */
  private static long allocatedDecoding(AttributeCodec codec, byte[] input) {
    long threadId = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(threadId);
    try {
      codec.decode(input);
    } catch (CodecException expected) {
      // measured either way
    }
    return THREADS.getThreadAllocatedBytes(threadId) - before;
  }

  private static boolean hasReplacementChar(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\uFFFD') >= 0;
    }
    if (value instanceof List<?> list) {
      return list.stream().anyMatch(AttributeCodecFuzzTest::hasReplacementChar);
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .anyMatch(e -> hasReplacementChar(e.getKey()) || hasReplacementChar(e.getValue()));
    }
    return false;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** A registered type whose decoder fails in every way a careless application codec might. */
  record Point(int x, int y) {}

  static final class PointCodec implements ValueCodec<Point> {
    @Override
    public Class<Point> type() {
      return Point.class;
    }

    @Override
    public String name() {
      return "p";
    }

    @Override
    public byte[] encode(Point value) {
      return (value.x() + "," + value.y()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Point decode(byte[] bytes) {
      // NumberFormatException, ArrayIndexOutOfBoundsException: AttributeCodec must wrap them.
      String[] parts = new String(bytes, StandardCharsets.UTF_8).split(",", -1);
      return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
  }
}
