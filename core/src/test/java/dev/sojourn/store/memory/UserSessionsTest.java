package dev.sojourn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The user index: users by content, one or many IDs each, forgotten with their last session. */
class UserSessionsTest {
  @Test
  void randomAddsAndRemoves_matchAMapOfSets() {
    Random random = new Random(21);
    UserSessions index = new UserSessions();
    Map<String, Set<String>> model = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // Fresh String instances: users and IDs are compared by content, never by identity.
      String user = new String("user-" + random.nextInt(500));
      String id = new String("id-" + random.nextInt(4));
      if (random.nextInt(3) == 0) {
        index.remove(user, id);
        Set<String> ids = model.get(user);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
          model.remove(user);
        }
      } else {
        index.add(user, id);
        model.computeIfAbsent(user, u -> new HashSet<>()).add(id);
      }
      if (step % 10_000 == 0) {
        assertMatches(index, model);
      }
    }
    assertMatches(index, model);
    for (Map.Entry<String, Set<String>> entry : model.entrySet()) {
      for (String id : entry.getValue()) {
        index.remove(entry.getKey(), id);
      }
    }
    assertThat(index.userCount()).isZero();
  }

  @Test
  void aUserSpelledLikeTheTombstone_isAnOrdinaryUser() {
    UserSessions index = new UserSessions();
    index.add("x", "a");
    index.remove("x", "a");
    index.add(new String("removed"), "b");
    assertThat(index.idsOf("removed")).containsExactly("b");
    assertThat(index.idsOf("x")).isEmpty();
  }

  @Test
  void concurrentAddsAndRemoves_loseNothing() throws Exception {
    UserSessions index = new UserSessions();
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
                    // Two sessions of one user per step, the first ended at once: a set appears
                    // and shrinks back while other threads file other users in the same stripes.
                    index.add("u" + i, thread + "-a");
                    index.add("u" + i, thread + "-b");
                    index.remove("u" + i, thread + "-a");
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
    assertThat(index.userCount()).isEqualTo(perThread);
    for (int i = 0; i < perThread; i += 97) {
      assertThat(index.idsOf("u" + i)).containsExactlyInAnyOrder("0-b", "1-b", "2-b", "3-b");
    }
  }

  private static void assertMatches(UserSessions index, Map<String, Set<String>> model) {
    assertThat(index.userCount()).isEqualTo(model.size());
    for (Map.Entry<String, Set<String>> entry : model.entrySet()) {
      assertThat(index.idsOf(entry.getKey())).containsExactlyInAnyOrderElementsOf(entry.getValue());
    }
  }
}
