const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The most user-perceived characters a message may have. */
export const maxMessageLength = 280;

/**
 * User-perceived characters (grapheme clusters), as the server counts them: "👍🏽" is one.
 * @param {string} text
 */
export function graphemes(text) {
  let count = 0;
  for (const _ of segmenter.segment(text)) {
    count++;
  }
  return count;
}

/**
 * A short time for lists: the clock time today, the date otherwise.
 * @param {string} iso
 */
export function shortTime(iso) {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? clock.format(date) : day.format(date);
}

/** @param {string} iso */
export function fullTime(iso) {
  return full.format(new Date(iso));
}

/**
 * What a thread is called: its title, or the other members' names.
 * @param {{ title: string | null, users: string[] }} thread
 * @param {string} me
 */
export function threadName(thread, me) {
  if (thread.title) {
    return thread.title;
  }
  const others = thread.users.filter((user) => user !== me);
  return (others.length > 0 ? others : thread.users).join(', ');
}

/**
 * A random Idempotency-Key. getRandomValues works on plain-HTTP hosts, where randomUUID does not.
 */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
