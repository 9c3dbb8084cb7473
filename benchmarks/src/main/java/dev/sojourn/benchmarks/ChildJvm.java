package dev.sojourn.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a harness for one implementation in a fresh JVM, so that no implementation's garbage, JIT
 * state or heap layout affects another's figures; the child's standard output is relayed line by
 * line, its standard error is inherited.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code mainClass impl} in a new JVM with this JVM's class path and {@code jvmArgs}, prints
   * what it prints, and fails if it fails.
   *
   * @throws IllegalStateException if the child exits with a non-zero status
   */
  static void run(Class<?> mainClass, String impl, List<String> jvmArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.add(impl);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println(line);
      }
    }
    int status = process.waitFor();
    if (status != 0) {
      throw new IllegalStateException(
          mainClass.getSimpleName() + " for impl=" + impl + " exited with status " + status);
    }
  }

  /** Runs full collections until the used heap stops shrinking, and returns it in bytes. */
  static long settledHeapUsed() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(100);
      Runtime runtime = Runtime.getRuntime();
      long used = runtime.totalMemory() - runtime.freeMemory();
      if (used >= previous - 1024 && i >= 2) {
        return Math.min(used, previous);
      }
      previous = Math.min(used, previous);
    }
    return previous;
  }
}
