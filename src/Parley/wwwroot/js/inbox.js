// The thread list: most recently active first, with live updates from /v1/events.

import { api } from './api.js';
import { byId, h } from './dom.js';
import { shortTime, threadName } from './format.js';

/** @typedef {import('./types.js').Thread} Thread */
/** @typedef {import('./types.js').Message} Message */
/** @typedef {import('./types.js').ThreadPage} ThreadPage */

const pageSize = 20;

/** @param {Thread} thread */
function activity(thread) {
  return thread.last_message?.created_at ?? thread.created_at;
}

export class Inbox {
  /**
   * @param {string} me
   * @param {(error: unknown) => void} report
   * @param {AbortSignal} signal aborted when the session ends: listeners go, late answers are dropped
   */
  constructor(me, report, signal) {
    this.me = me;
    this.report = report;
    this.signal = signal;
    /** @type {Map<string, Thread>} */
    this.threads = new Map();
    /** @type {Map<string, HTMLLIElement>} */
    this.items = new Map();
    /** @type {string | null} */
    this.cursor = null;
    /** @type {string | null} */
    this.openId = null;
    this.generation = 0;
    this.list = byId('thread-list', HTMLUListElement);
    this.empty = byId('inbox-empty', HTMLParagraphElement);
    this.more = byId('load-more', HTMLButtonElement);
    this.more.addEventListener('click', () => this.loadMore(), { signal });
  }

  /** Loads the first page afresh: on start and after the live stream reconnects. */
  async refresh() {
    const generation = ++this.generation;
    /** @type {ThreadPage} */
    const page = await api(`/v1/threads?limit=${pageSize}`);
    if (generation !== this.generation) {
      return; // A later reload has started; its answer is the newer one.
    }
    const known = this.threads;
    this.threads = new Map();
    this.cursor = page.next_cursor;
    for (const thread of page.threads) {
      // A live message that arrived while the page was loading is newer than the page.
      const live = known.get(thread.id);
      this.threads.set(thread.id, this.withOpenRead(live && live.last_seq > thread.last_seq ? live : thread));
    }
    // Threads the page lacks stay: one that arrived live while the page was on its way (the
    // page was read before it existed), or one an earlier "load more" brought in.
    for (const [id, thread] of known) {
      if (!this.threads.has(id)) {
        this.threads.set(id, thread);
      }
    }
    this.render();
  }

  async loadMore() {
    if (!this.cursor) {
      return;
    }
    this.more.disabled = true;
    try {
      /** @type {ThreadPage} */
      const page = await api(`/v1/threads?limit=${pageSize}&cursor=${encodeURIComponent(this.cursor)}`);
      this.cursor = page.next_cursor;
      for (const thread of page.threads) {
        if (!this.threads.has(thread.id)) {
          this.threads.set(thread.id, this.withOpenRead(thread));
        }
      }
      this.render();
    } catch (error) {
      this.report(error);
    } finally {
      this.more.disabled = false;
    }
  }

  /** @param {Thread} thread from a `thread` event or a fresh fetch */
  upsert(thread) {
    const known = this.threads.get(thread.id);
    if (!known || thread.last_seq >= known.last_seq) {
      this.threads.set(thread.id, this.withOpenRead(thread));
      this.render();
    }
  }

  /** @param {Message} message from the user's live stream */
  async received(message) {
    const thread = this.threads.get(message.thread_id);
    if (!thread) {
      // Not loaded (an older thread, or one created while the stream was away): ask for it.
      try {
        this.upsert(await api(`/v1/threads/${encodeURIComponent(message.thread_id)}`));
      } catch (error) {
        this.report(error);
      }
      return;
    }
    if (message.seq <= thread.last_seq) {
      return;
    }
    const fromOther = message.username !== this.me && message.thread_id !== this.openId;
    this.threads.set(thread.id, {
      ...thread,
      last_seq: message.seq,
      last_message: message,
      unread_count: fromOther ? (thread.unread_count ?? 0) + 1 : thread.unread_count,
    });
    this.render();
  }

  /** @param {string | null} id the thread shown beside the list */
  setOpen(id) {
    this.openId = id;
    this.render();
  }

  /** @param {string} id */
  markRead(id) {
    const thread = this.threads.get(id);
    if (thread && thread.unread_count) {
      this.threads.set(id, { ...thread, unread_count: 0 });
      this.render();
    }
  }

  /** @param {Thread} thread */
  withOpenRead(thread) {
    return thread.id === this.openId ? { ...thread, unread_count: 0 } : thread;
  }

  render() {
    if (this.signal.aborted) {
      return;
    }
    const focused = document.activeElement;
    const ordered = [...this.threads.values()].sort((a, b) => activity(b).localeCompare(activity(a)));
    const wanted = new Set(ordered.map((thread) => thread.id));
    for (const [id, item] of this.items) {
      if (!wanted.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    ordered.forEach((thread, index) => {
      const item = this.items.get(thread.id) ?? h('li');
      this.items.set(thread.id, item);
      this.fill(item, thread);
      if (this.list.children[index] !== item) {
        this.list.insertBefore(item, this.list.children[index] ?? null);
      }
    });
    // Moving a list item drops its focus; a keyboard user keeps their place.
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected) {
      focused.focus({ preventScroll: true });
    }
    this.empty.hidden = ordered.length > 0;
    this.more.hidden = this.cursor === null;
  }

  /**
   * @param {HTMLLIElement} item
   * @param {Thread} thread
   */
  fill(item, thread) {
    const name = threadName(thread, this.me);
    const unread = thread.unread_count ?? 0;
    const last = thread.last_message;
    // Names and texts are each a bidirectional island (dir="auto"): a right-to-left title or
    // message cannot reorder the text beside it.
    const preview = last
      ? [h('span', { class: 'thread-sender', dir: 'auto' }, [last.username === this.me ? 'You' : last.username]), ': ',
        h('span', { class: 'thread-text', dir: 'auto' }, [last.text])]
      : ['No messages yet'];
    const link = h('a', { href: `#/threads/${thread.id}`, class: unread > 0 ? 'thread-link unread' : 'thread-link' }, [
      h('span', { class: 'thread-line' }, [
        h('span', { class: 'thread-name', dir: 'auto' }, [name]),
        h('time', { class: 'thread-time', datetime: activity(thread) }, [shortTime(activity(thread))]),
      ]),
      h('span', { class: 'thread-line' }, [
        h('span', { class: 'thread-preview' }, preview),
        ...(unread > 0 ? [h('span', { class: 'badge', 'data-unread': String(unread) }, [
          String(unread), h('span', { class: 'sr-only' }, [unread === 1 ? ' unread message' : ' unread messages']),
        ])] : []),
      ]),
    ]);
    if (thread.id === this.openId) {
      link.setAttribute('aria-current', 'page');
    }
    const old = item.firstElementChild;
    if (old instanceof HTMLAnchorElement && old.outerHTML === link.outerHTML) {
      return;
    }
    const hadFocus = old !== null && old === document.activeElement;
    item.replaceChildren(link);
    if (hadFocus) {
      link.focus({ preventScroll: true });
    }
  }
}
