package io.textenrich.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One active process per state directory and application. The first process takes the lock; another started on the
 * same directory (a standby beside it) loads its models and waits for it. The operating system releases the lock the
 * moment its holder ends, however it ends, SIGKILL included, so the standby takes over without any timeout.
 */
final class InstanceLock implements AutoCloseable {

  /** A file lock is held per process: services of one JVM on one directory queue here first. */
  private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final Semaphore local;
  private FileChannel channel;
  private FileLock lock;

  private InstanceLock(Path file) {
    this.file = file;
    this.local = IN_THIS_JVM.computeIfAbsent(file, f -> new Semaphore(1));
  }

  /** The lock of {@code applicationId} in {@code stateDir}, not yet taken. */
  static InstanceLock of(Path stateDir, String applicationId) {
    return new InstanceLock(stateDir.toAbsolutePath().normalize().resolve(applicationId + ".active"));
  }

  Path file() {
    return file;
  }

  /** Takes the lock if no other process (or service of this JVM) holds it; false without waiting otherwise. */
  synchronized boolean tryTake(String holder) {
    if (!local.tryAcquire()) {
      return false;
    }
    try {
      return lockFile(holder, FileChannel::tryLock);
    } catch (IOException | RuntimeException e) {
      throw failure(e);
    }
  }

  /** Waits until the holder ends or lets go, then takes the lock. */
  void take(String holder) throws InterruptedException {
    local.acquire();
    try {
      lockFile(holder, FileChannel::lock);
    } catch (ClosedByInterruptException e) {
      throw new InterruptedException("interrupted while waiting for " + file);
    } catch (IOException | RuntimeException e) {
      throw failure(e);
    }
  }

  /** How the file is locked: at once or not at all (null), or waiting. */
  private interface LockCall {
    FileLock on(FileChannel channel) throws IOException;
  }

  /** Locks the file, this JVM's turn already had; gives the turn back unless the lock was taken. */
  private boolean lockFile(String holder, LockCall call) throws IOException {
    FileChannel opened = null;
    try {
      opened = open();
      FileLock taken = call.on(opened);
      if (taken == null) {
        opened.close();
        local.release();
        return false;
      }
      opened.truncate(0);
      opened.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", " + holder + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      synchronized (this) {
        channel = opened;
        lock = taken;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      // Closing the channel lets go of a lock taken on it.
      closeQuietly(opened);
      local.release();
      throw e;
    }
  }

  /** Who holds the lock, as the holder wrote it ({@code pid 1234, instance pod-0}); empty when nobody wrote. */
  String holder() {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private FileChannel open() throws IOException {
    Files.createDirectories(file.getParent());
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static void closeQuietly(FileChannel opened) {
    try {
      if (opened != null) {
        opened.close();
      }
    } catch (IOException e) {
      // Only a failure is being reported; the channel's end changes nothing for it.
    }
  }

  private UncheckedIOException failure(Exception e) {
    IOException cause = e instanceof IOException io ? io : new IOException(e);
    return new UncheckedIOException("Cannot lock " + file + " (the state directory's active-process lock): " + e.getMessage()
        + ". Check that state.dir is writable.", cause);
  }

  /** Lets go of the lock, if held: a standby waiting for it takes over at once. */
  @Override
  public synchronized void close() {
    if (channel == null) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // Closing the channel releases the lock whatever release() said; the process's end would too.
    } finally {
      channel = null;
      lock = null;
      local.release();
    }
  }
}
