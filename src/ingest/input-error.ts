/**
 * The error of an input that cannot become a document (unreadable, not text, no article in it, over a budget):
 * its message says what is wrong and what to do. Callers report it as the input's error, never as a crash.
 */

/** An input that cannot become a document; the message says what is wrong and what to do. */
export class InputError extends Error {
  override name = 'InputError';
}
