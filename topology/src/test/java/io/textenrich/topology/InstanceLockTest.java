package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {

  @TempDir
  Path dir;

  @Test
  void aSecondTakerWaitsUntilTheFirstLetsGo() throws Exception {
    InstanceLock first = InstanceLock.of(dir, "app");
    InstanceLock second = InstanceLock.of(dir, "app");
    assertTrue(first.tryTake("instance a"));
    assertFalse(second.tryTake("instance b"), "held by the first");
    CompletableFuture<Void> standby = CompletableFuture.runAsync(() -> {
      try {
        second.take("instance b");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThrows(TimeoutException.class, () -> standby.get(300, TimeUnit.MILLISECONDS), "still held by the first");
    first.close();
    standby.get(30, TimeUnit.SECONDS);
    assertTrue(second.holder().endsWith("instance b"), second.holder());
    second.close();
    assertTrue(first.tryTake("instance a"), "free again once the second let go");
    first.close();
  }

  @Test
  void otherApplicationsOnTheSameDirectoryDoNotWait() {
    try (InstanceLock a = InstanceLock.of(dir, "app-a"); InstanceLock b = InstanceLock.of(dir, "app-b")) {
      assertTrue(a.tryTake("x"));
      assertTrue(b.tryTake("y"));
    }
  }

  /** The operating system lets go of a process's lock when the process is killed: no timeout to wait for. */
  @Test
  void aKilledHoldersLockIsTakenAtOnce() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process holder = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), dir.toString())).redirectErrorStream(true).start();
    try {
      InstanceLock standby = InstanceLock.of(dir, "app");
      awaitHeldByAnother(standby, holder);
      CompletableFuture<Void> takeOver = CompletableFuture.runAsync(() -> {
        try {
          standby.take("instance standby");
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      holder.destroyForcibly().waitFor();
      takeOver.get(30, TimeUnit.SECONDS);
      assertTrue(standby.holder().contains("pid " + ProcessHandle.current().pid()), standby.holder());
      standby.close();
    } finally {
      holder.destroyForcibly();
    }
  }

  private static void awaitHeldByAnother(InstanceLock lock, Process holder) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!lock.holder().contains("holder process")) {
      assertTrue(holder.isAlive(), () -> "the holder process ended: " + output(holder));
      assertTrue(System.nanoTime() < deadline, "the holder process took no lock within 60 s");
      Thread.sleep(50);
    }
    assertFalse(lock.tryTake("instance standby"), "held by the other process");
  }

  private static String output(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes());
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A process that takes the lock of application {@code app} in the directory it is given and holds it until killed. */
  static final class LockHolder {
    public static void main(String[] args) throws Exception {
      InstanceLock lock = InstanceLock.of(Path.of(args[0]), "app");
      if (!lock.tryTake("holder process")) {
        throw new IllegalStateException("the lock was already held");
      }
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
