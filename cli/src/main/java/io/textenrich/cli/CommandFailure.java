package io.textenrich.cli;

/**
 * A command that could not do its work for a reason outside the command line (an unreachable cluster, a record not
 * delivered): the message names the cause and the fix, so it is printed without a stack trace, and the exit code is 1.
 */
final class CommandFailure extends RuntimeException {

  CommandFailure(String message) {
    super(message);
  }
}
