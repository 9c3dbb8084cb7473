package dev.sojourn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadline buckets' ID set: a set by content, through growth, removal and reuse of slots. */
class IdSetTest {
  @Test
  void randomAddsAndRemoves_matchAHashSet() {
    Random random = new Random(12);
    IdSet set = new IdSet();
    Set<String> model = new HashSet<>();
    for (int step = 0; step < 200_000; step++) {
      // Fresh String instances: membership is by content, never by identity.
      String id = new String("id-" + random.nextInt(2_000));
      if (random.nextInt(3) == 0) {
        set.remove(id);
        model.remove(id);
      } else {
        set.add(id);
        model.add(id);
      }
      if (step % 10_000 == 0) {
        assertThat(set.members()).containsExactlyInAnyOrderElementsOf(model);
      }
    }
    assertThat(set.size()).isEqualTo(model.size());
    assertThat(set.members()).containsExactlyInAnyOrderElementsOf(model);
    for (String id : new ArrayList<>(model)) {
      set.remove(id);
    }
    assertThat(set.size()).isZero();
    assertThat(set.members()).isEmpty();
  }

  @Test
  void anIdSpelledLikeTheTombstone_isAnOrdinaryMember() {
    IdSet set = new IdSet();
    set.add("x");
    set.remove("x");
    set.add(new String("removed"));
    assertThat(set.members()).containsExactly("removed");
    set.remove("removed");
    assertThat(set.members()).isEmpty();
  }

  @Test
  void concurrentAddsAndRemoves_loseNothing() throws Exception {
    IdSet set = new IdSet();
    int threads = 4;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    set.add(thread + "-" + i);
                    if (i % 2 == 1) {
                      set.remove(thread + "-" + (i - 1));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 1; i < perThread; i += 2) {
        expected.add(t + "-" + i);
      }
    }
    assertThat(set.size()).isEqualTo(expected.size());
    assertThat(set.members()).containsExactlyInAnyOrderElementsOf(expected);
  }
}
