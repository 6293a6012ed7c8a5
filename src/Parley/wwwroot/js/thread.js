// One thread: history pages going back, live messages going forward, read position kept up.

import { api, ApiError } from './api.js';
import { byId, h } from './dom.js';
import { fullTime, shortTime, threadName } from './format.js';
import { LiveStream } from './live.js';

/** @typedef {import('./types.js').Thread} Thread */
/** @typedef {import('./types.js').Message} Message */
/** @typedef {import('./types.js').MessagePage} MessagePage */

const pageSize = 50;

/**
 * @typedef {object} ThreadHooks
 * @property {() => string} token
 * @property {(threadId: string) => void} read the user has read this thread up to its end
 * @property {(live: boolean) => void} state
 * @property {(error: unknown) => void} report
 */

export class ThreadView {
  /**
   * @param {string} me
   * @param {ThreadHooks} hooks
   * @param {AbortSignal} signal aborted when the session ends: listeners go, late answers are dropped
   */
  constructor(me, hooks, signal) {
    this.me = me;
    this.hooks = hooks;
    this.signal = signal;
    /** @type {string | null} */
    this.id = null;
    /** @type {Map<number, HTMLLIElement>} */
    this.shown = new Map();
    this.oldest = 0;
    this.newest = 0;
    this.hasOlder = false;
    this.loadingOlder = false;
    this.readSent = 0;
    /** @type {LiveStream | null} */
    this.stream = null;
    this.title = byId('thread-title', HTMLHeadingElement);
    this.members = byId('thread-members', HTMLParagraphElement);
    this.scroller = byId('scroller', HTMLDivElement);
    this.list = byId('messages', HTMLOListElement);
    this.none = byId('no-messages', HTMLParagraphElement);
    this.older = byId('older', HTMLButtonElement);
    this.announce = byId('announce', HTMLParagraphElement);

    this.older.addEventListener('click', () => this.loadOlder(), { signal });
    this.scroller.addEventListener('scroll', () => {
      if (this.scroller.scrollTop < 80) {
        this.loadOlder();
      }
    }, { signal });
    document.addEventListener('visibilitychange', () => this.markRead(), { signal });
  }

  /** @param {string} id */
  async open(id) {
    this.close();
    this.id = id;
    this.shown.clear();
    this.list.replaceChildren();
    this.oldest = this.newest = this.readSent = 0;
    this.hasOlder = false;
    this.title.textContent = 'Loading…';
    this.members.textContent = '';
    this.none.hidden = true;
    this.older.hidden = true;

    /** @type {[Thread, MessagePage]} */
    const [thread, page] = await Promise.all([
      api(`/v1/threads/${encodeURIComponent(id)}`),
      api(`/v1/threads/${encodeURIComponent(id)}/messages?limit=${pageSize}`),
    ]);
    if (this.id !== id) {
      return null;
    }
    this.title.textContent = threadName(thread, this.me);
    this.members.textContent = `Members: ${thread.users.map((u) => (u === this.me ? `${u} (you)` : u)).join(', ')}`;
    this.hasOlder = page.has_more;
    this.add(page.messages);
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.markRead();
    this.fill();
    this.listen(id);
    return thread;
  }

  close() {
    this.stream?.stop();
    this.stream = null;
    this.id = null;
  }

  /** Closes the thread and empties the view for whoever signs in next. */
  clear() {
    this.close();
    this.shown.clear();
    this.list.replaceChildren();
    this.title.textContent = '';
    this.members.textContent = '';
    this.announce.textContent = '';
    this.hasOlder = false;
    this.none.hidden = true;
    this.older.hidden = true;
  }

  /** @param {string} id */
  listen(id) {
    this.stream = new LiveStream({
      // Resume after the newest message shown: the server replays anything after it, once.
      url: () => `/v1/threads/${encodeURIComponent(id)}/events?after_seq=${this.newest}`
        + `&access_token=${encodeURIComponent(this.hooks.token())}`,
      events: { message: (/** @type {Message} */ message) => this.arrived(message) },
      state: (live) => this.hooks.state(live),
      canRetry: async () => {
        try {
          await api(`/v1/threads/${encodeURIComponent(id)}`);
          return true;
        } catch (error) {
          if (error instanceof ApiError && error.status === 0) {
            return true;
          }
          this.hooks.report(error);
          return false;
        }
      },
    });
    this.stream.start();
  }

  /** @param {Message} message sent by this user through the composer */
  sent(message) {
    if (message.thread_id === this.id) {
      this.add([message]);
      this.scroller.scrollTop = this.scroller.scrollHeight;
      this.readSent = Math.max(this.readSent, message.seq);
    }
  }

  /** @param {Message} message */
  arrived(message) {
    if (message.thread_id !== this.id || this.shown.has(message.seq)) {
      return;
    }
    const atBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 80;
    this.add([message]);
    if (atBottom || message.username === this.me) {
      this.scroller.scrollTop = this.scroller.scrollHeight;
    }
    if (message.username !== this.me) {
      this.announce.textContent = `New message from ${message.username}`;
    }
    this.markRead();
  }

  async loadOlder() {
    const id = this.id;
    if (!this.hasOlder || this.loadingOlder || id === null) {
      return;
    }
    this.loadingOlder = true;
    try {
      /** @type {MessagePage} */
      const page = await api(`/v1/threads/${encodeURIComponent(id)}/messages?limit=${pageSize}&before_seq=${this.oldest}`);
      if (this.id !== id) {
        return;
      }
      // Keep the messages in view where they are: the page grows above them.
      const fromBottom = this.scroller.scrollHeight - this.scroller.scrollTop;
      this.hasOlder = page.has_more;
      this.add(page.messages);
      this.scroller.scrollTop = this.scroller.scrollHeight - fromBottom;
    } catch (error) {
      this.hooks.report(error);
    } finally {
      this.loadingOlder = false;
    }
    this.fill();
  }

  /** Loads older pages until the view can scroll, so there is always a way up. */
  fill() {
    if (this.hasOlder && this.scroller.scrollHeight <= this.scroller.clientHeight) {
      this.loadOlder();
    }
  }

  /** Moves the read position to the newest message shown, when the user can see it. */
  async markRead() {
    const id = this.id;
    if (id === null || document.visibilityState !== 'visible') {
      return;
    }
    this.hooks.read(id);
    if (this.newest <= this.readSent) {
      return;
    }
    this.readSent = this.newest;
    try {
      await api(`/v1/threads/${encodeURIComponent(id)}/read`, { method: 'PUT', body: { seq: this.newest } });
    } catch (error) {
      this.hooks.report(error);
    }
  }

  /** @param {Message[]} messages in any order; ones already shown are skipped */
  add(messages) {
    for (const message of messages) {
      if (this.shown.has(message.seq)) {
        continue;
      }
      const item = this.render(message);
      this.shown.set(message.seq, item);
      if (this.shown.size === 1 || message.seq > this.newest) {
        this.list.append(item);
      } else {
        const next = [...this.list.children].find((child) => Number(/** @type {HTMLElement} */ (child).dataset.seq) > message.seq);
        this.list.insertBefore(item, next ?? null);
      }
      this.newest = Math.max(this.newest, message.seq);
      this.oldest = this.oldest === 0 ? message.seq : Math.min(this.oldest, message.seq);
    }
    this.none.hidden = this.shown.size > 0;
    this.older.hidden = !this.hasOlder;
  }

  /** @param {Message} message */
  render(message) {
    const mine = message.username === this.me;
    return h('li', { class: mine ? 'message mine' : 'message', 'data-seq': String(message.seq) }, [
      h('p', { class: 'message-meta' }, [
        h('span', { class: 'message-sender', dir: 'auto' }, [mine ? 'You' : message.username]),
        h('time', { datetime: message.created_at, title: fullTime(message.created_at) }, [shortTime(message.created_at)]),
      ]),
      h('p', { class: 'message-text', dir: 'auto' }, [message.text]),
    ]);
  }
}
