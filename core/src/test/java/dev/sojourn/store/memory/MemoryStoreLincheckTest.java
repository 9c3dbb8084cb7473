package dev.sojourn.store.memory;

import static dev.sojourn.store.memory.StoreModel.IDS;
import static dev.sojourn.store.memory.StoreModel.TARGETS;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link MemoryStore} against {@link StoreModel}, checked by Lincheck's model
 * checker (interleavings of the shared-memory accesses, up to a bound) and by its stress runner
 * (real threads): load, create, update with puts, compare-and-set, touch, rotation, drop and sweep
 * race each other over two IDs (A live, B expired but not yet swept, so that creates race the sweep
 * of the session they replace), and so does the clock: {@link #advance} moves the {@link
 * dev.sojourn.FakeClock} by 1 or 2 ms, so that deadlines (TTLs of 1 to 3 ms) pass in the middle of
 * them.
 *
 * <p>Rotations and loads of rotation targets share a non-parallel group: a rotation's new ID is a
 * fresh secret that nobody else can name before the commit returns, and the store documents that,
 * while a rotation is in flight, the old ID is already dead and the new one not yet stored. Loads,
 * commits, drops and sweeps of the old ID do race rotations.
 *
 * <p>After each scenario, each stored session must be filed exactly once in the deadline index.
 * {@code -Dsojourn.lincheck.long=true} runs far more scenarios: see docs/concurrency.md. With 20 x
 * 1,000 model-checking and 30 x 2,000 stress invocations this test caught the clock-read races that
 * {@link MemoryStoreClockRaceRegressionTest} pins; the short mode usually misses them.
 */
@Param(name = "id", gen = IntGen.class, conf = "0:1")
@Param(name = "target", gen = IntGen.class, conf = "0:1")
@Param(name = "ttl", gen = IntGen.class, conf = "1:3")
@Param(name = "value", gen = IntGen.class, conf = "1:2")
@Param(name = "version", gen = IntGen.class, conf = "1:3")
@Param(name = "step", gen = IntGen.class, conf = "1:2")
public class MemoryStoreLincheckTest {
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
