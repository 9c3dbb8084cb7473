package dev.sojourn.store.memory;

import static dev.sojourn.store.memory.StoreModel.IDS;
import static dev.sojourn.store.memory.StoreModel.TARGETS;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryStoreLincheckTest} with the clock as one more racing operation: {@link #advance}
 * moves the {@link AtomicClock} by 1 or 2 ms while loads, commits, drops and sweeps run, so that
 * deadlines (TTLs of 1 to 3 ms) pass in the middle of them.
 *
 * <p>Tagged {@code known-bug} and left out of the default run: on the current {@link MemoryStore}
 * it can fail, because a commit reads the clock before it takes the per-key lock and a load reads
 * the clock after it read the map (see {@link MemoryStoreKnownBugsTest} and docs/concurrency.md).
 * The window is narrow: the short mode usually misses it, a stress run of 30 x 2,000 invocations
 * found it. Run it with {@code -Dsojourn.test.excludedGroups=none}, in the long mode after a fix;
 * once the store is fixed, drop the tag.
 */
@Param(name = "id", gen = IntGen.class, conf = "0:1")
@Param(name = "target", gen = IntGen.class, conf = "0:1")
@Param(name = "ttl", gen = IntGen.class, conf = "1:3")
@Param(name = "value", gen = IntGen.class, conf = "1:2")
@Param(name = "version", gen = IntGen.class, conf = "1:3")
@Param(name = "step", gen = IntGen.class, conf = "1:2")
@Tag("known-bug")
public class ClockRaceLincheckTest {
  private final StoreOperations store = new StoreOperations();

  @Operation
  public @Nullable String load(@Param(name = "id") int id) {
    return store.load(IDS[id]);
  }

  @Operation(nonParallelGroup = "rotation")
  public @Nullable String loadRotated(@Param(name = "target") int target) {
    return store.load(TARGETS[target]);
  }

  @Operation
  public String create(@Param(name = "id") int id, @Param(name = "ttl") int ttl) {
    return store.create(id, ttl);
  }

  @Operation
  public String put(
      @Param(name = "id") int id, @Param(name = "value") int value, @Param(name = "ttl") int ttl) {
    return store.put(id, value, ttl);
  }

  @Operation
  public String compareAndPut(
      @Param(name = "id") int id,
      @Param(name = "version") int version,
      @Param(name = "value") int value) {
    return store.compareAndPut(id, version, value);
  }

  @Operation
  public String touch(@Param(name = "id") int id, @Param(name = "ttl") int ttl) {
    return store.touch(id, ttl);
  }

  @Operation(nonParallelGroup = "rotation")
  public String rotate(@Param(name = "id") int id, @Param(name = "target") int target) {
    return store.rotate(id, target);
  }

  @Operation
  public boolean drop(@Param(name = "id") int id) {
    return store.drop(id);
  }

  @Operation
  public void sweep() {
    store.sweep();
  }

  @Operation
  public void advance(@Param(name = "step") int step) {
    store.advance(step);
  }

  @Validate
  public void eachSessionIsFiledOnceInTheDeadlineIndex() {
    store.checkDeadlineIndex();
  }

  @Test
  void isLinearizable_underModelChecking() {
    LincheckRuns.modelChecking().sequentialSpecification(StoreModel.class).check(getClass());
  }

  @Test
  void isLinearizable_underStress() {
    LincheckRuns.stress().sequentialSpecification(StoreModel.class).check(getClass());
  }
}
