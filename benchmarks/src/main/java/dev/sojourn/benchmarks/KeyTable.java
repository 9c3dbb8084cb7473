package dev.sojourn.benchmarks;

import java.util.SplittableRandom;

/**
 * A precomputed sequence of session indexes to look up, so that drawing the next key costs one
 * array read whatever the distribution: what is measured is the store, not the sampler.
 */
final class KeyTable {
  /** Entries in a table: a power of two, so a cursor wraps with a mask. */
  static final int SIZE = 1 << 22;

  private KeyTable() {}

  /**
   * Returns {@link #SIZE} indexes in {@code [0, n)} drawn from the named distribution.
   *
   * <ul>
   *   <li>{@code uniform}: every session equally likely.
   *   <li>{@code zipf}: Zipf with exponent 1 over the {@code n} sessions (rank {@code r} drawn with
   *       probability proportional to {@code 1/r}; the hottest of a million is about 7% of draws),
   *       ranks assigned to sessions by a seeded shuffle so that the hot ones are scattered.
   * </ul>
   *
   * @throws IllegalArgumentException for another name or a non-positive {@code n}
   */
  static int[] of(String distribution, int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("sessions must be positive, was " + n);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] table = new int[SIZE];
    switch (distribution) {
      case "uniform":
        for (int i = 0; i < SIZE; i++) {
          table[i] = random.nextInt(n);
        }
        return table;
      case "zipf":
        return zipf(n, random, table);
      default:
        throw new IllegalArgumentException(
            "unknown key distribution '" + distribution + "': expected uniform or zipf");
    }
  }

  private static int[] zipf(int n, SplittableRandom random, int[] table) {
    double[] cumulative = new double[n];
    double total = 0;
    for (int rank = 0; rank < n; rank++) {
      total += 1.0 / (rank + 1);
      cumulative[rank] = total;
    }
    int[] sessionOfRank = new int[n];
    for (int i = 0; i < n; i++) {
      sessionOfRank[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = sessionOfRank[i];
      sessionOfRank[i] = sessionOfRank[j];
      sessionOfRank[j] = swap;
    }
    for (int i = 0; i < SIZE; i++) {
      double u = random.nextDouble() * total;
      int low = 0;
      int high = n - 1;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (cumulative[mid] < u) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      table[i] = sessionOfRank[low];
    }
    return table;
  }
}
