package dev.sojourn.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of requests on Redis-backed sessions, Sojourn's {@code RedisStore} under {@code
 * SessionManager} side by side with Spring Session Data Redis's {@code RedisSessionRepository}
 * ({@link RedisSubject}). Each trial starts its own {@code redis-server} on a loopback port (or
 * uses the one named by {@code -Dsojourn.redis=redis://host:port}); the rest is {@link
 * RequestBenchmark}'s, {@code readMostly} and {@code write}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class RedisBenchmark extends RequestBenchmark<RedisTarget> {
  /** Starts (or connects to) Redis. */
  @Override
  RedisTarget startTarget() {
    return RedisTarget.open();
  }

  @Override
  RequestSubject open(String impl, RedisTarget target) {
    // A fresh prefix per trial, so a shared server given by -Dsojourn.redis never mixes runs.
    String prefix = "bench:" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
    return RedisSubject.open(impl, target.uri(), prefix);
  }
}
