package dev.sojourn.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A thread's position in a benchmark's shared key sequence ({@link KeyTable}); threads start at
 * different places. A JMH state per thread, so not shared.
 */
@State(Scope.Thread)
public class Cursor {
  private int position;

  /** Starts at a random place in the key sequence. */
  @Setup(Level.Trial)
  public void start() {
    position = ThreadLocalRandom.current().nextInt(KeyTable.SIZE);
  }

  /** Moves one place on (wrapping at {@link KeyTable#SIZE}) and returns the new place. */
  int next() {
    position = (position + 1) & (KeyTable.SIZE - 1);
    return position;
  }
}
