// Parley's web client: sign-in, the inbox and one thread at a time, routed by the URL's hash.

import { api, ApiError, useToken } from './api.js';
import { Composer } from './composer.js';
import { byId } from './dom.js';
import { threadName } from './format.js';
import { Inbox } from './inbox.js';
import { LiveStream } from './live.js';
import { NewThreadForm } from './newthread.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { SignIn } from './signin.js';
import { ThreadView } from './thread.js';

/** @typedef {import('./session.js').Session} Session */
/** @typedef {import('./types.js').Message} Message */
/** @typedef {import('./types.js').Thread} Thread */

const notice = byId('notice', HTMLDivElement);
const noticeText = byId('notice-text', HTMLParagraphElement);
const chat = byId('chat', HTMLDivElement);
const liveState = byId('live-state', HTMLSpanElement);

/** Shows a failure in plain words; never leaves the page blank. @param {unknown} error */
function report(error) {
  noticeText.textContent = error instanceof ApiError ? error.message : 'Something went wrong. Reload the page and try again.';
  notice.hidden = false;
  if (!(error instanceof ApiError)) {
    console.error(error);
  }
}

function clearNotice() {
  notice.hidden = true;
}

byId('notice-close', HTMLButtonElement).onclick = clearNotice;

/**
 * The signed-in part of the client: lives from sign-in to sign-out. The page's elements outlive
 * it, so everything it attaches to them is tied to one AbortController, and sign-out aborts it:
 * no listener of a past session can send, and no late answer of one can reach the screen.
 */
class Chat {
  /** @param {Session} session */
  constructor(session) {
    this.session = session;
    this.lifetime = new AbortController();
    const signal = this.lifetime.signal;
    /** @param {unknown} error */
    const reportLive = (error) => {
      if (!signal.aborted) {
        report(error);
      }
    };
    this.streams = { inbox: true, thread: true };
    this.inbox = new Inbox(session.username, reportLive, signal);
    this.thread = new ThreadView(session.username, {
      token: () => session.token,
      read: (id) => this.inbox.markRead(id),
      state: (live) => this.setLive('thread', live),
      report: reportLive,
    }, signal);
    this.composer = new Composer((message) => {
      this.thread.sent(message);
      this.inbox.received(message);
    }, signal);
    this.newThread = new NewThreadForm((thread) => {
      this.inbox.upsert(thread);
      location.hash = `#/threads/${thread.id}`;
    }, reportLive, signal);
    this.events = new LiveStream({
      url: () => `/v1/events?access_token=${encodeURIComponent(session.token)}`,
      events: {
        message: (/** @type {Message} */ message) => this.inbox.received(message),
        thread: (/** @type {Thread} */ thread) => this.inbox.upsert(thread),
      },
      // The user stream does not replay: whatever happened before it opened (the first time,
      // or again after a drop) is read from the list, loaded afresh each time it opens.
      opened: () => this.inbox.refresh().catch(reportLive),
      state: (live) => this.setLive('inbox', live),
      canRetry: async () => {
        try {
          await api('/v1/threads?limit=1');
          return true;
        } catch (error) {
          return error instanceof ApiError && error.status !== 401;
        }
      },
    });
    this.reportLive = reportLive;
  }

  async start() {
    byId('me', HTMLElement).textContent = this.session.username;
    byId('who', HTMLDivElement).hidden = false;
    chat.hidden = false;
    window.addEventListener('hashchange', () => this.show(location.hash), { signal: this.lifetime.signal });
    this.events.start();
    await this.show(location.hash);
    try {
      await this.inbox.refresh();
    } catch (error) {
      this.reportLive(error);
    }
  }

  stop() {
    this.lifetime.abort();
    this.events.stop();
    this.thread.clear();
    this.composer.clear();
    this.newThread.reset();
    byId('thread-list', HTMLUListElement).replaceChildren();
    byId('inbox-empty', HTMLParagraphElement).hidden = true;
    byId('load-more', HTMLButtonElement).hidden = true;
    byId('who', HTMLDivElement).hidden = true;
    chat.hidden = true;
    liveState.textContent = '';
    // The address named a thread of the user who left; the next one starts at the inbox.
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    document.title = 'Parley';
  }

  /**
   * @param {'inbox' | 'thread'} stream
   * @param {boolean} live
   */
  setLive(stream, live) {
    this.streams[stream] = live;
    liveState.textContent = this.streams.inbox && this.streams.thread ? '' : 'Reconnecting…';
  }

  /** @param {string} hash */
  async show(hash) {
    const threadId = /^#\/threads\/([^/]+)$/.exec(hash)?.[1] ?? null;
    const isNew = hash === '#/new';
    byId('pick', HTMLParagraphElement).hidden = threadId !== null || isNew;
    byId('new-thread', HTMLFormElement).hidden = !isNew;
    byId('thread', HTMLDivElement).hidden = threadId === null;
    chat.dataset.view = threadId !== null ? 'thread' : isNew ? 'new' : 'inbox';
    this.inbox.setOpen(threadId);

    if (threadId === null) {
      this.thread.close();
      this.setLive('thread', true);
      document.title = isNew ? 'New thread – Parley' : 'Parley';
      if (isNew) {
        this.newThread.reset();
        byId('new-thread-title', HTMLHeadingElement).focus();
      }
      return;
    }
    if (this.thread.id === threadId) {
      return;
    }
    this.composer.open(threadId);
    byId('thread-title', HTMLHeadingElement).focus();
    try {
      const thread = await this.thread.open(threadId);
      if (thread && !this.lifetime.signal.aborted) {
        // First-strong isolate: a right-to-left name cannot reorder " – Parley".
        document.title = `\u2068${threadName(thread, this.session.username)}\u2069 – Parley`;
        this.inbox.upsert({ ...thread, unread_count: 0 });
      }
    } catch (error) {
      if (this.lifetime.signal.aborted) {
        return;
      }
      report(error);
      if (error instanceof ApiError && error.status === 404) {
        location.hash = '#/';
      }
    }
  }
}

/** @type {Chat | null} */
let current = null;

const signIn = new SignIn((session) => {
  saveSession(session);
  signIn.hide();
  clearNotice();
  begin(session);
}, report);

/** @param {Session} session */
function begin(session) {
  useToken(session.token, () => signOut('Your sign-in is no longer valid. Sign in again.'));
  current = new Chat(session);
  current.start();
}

/** @param {string} [why] */
function signOut(why) {
  current?.stop();
  current = null;
  clearSession();
  useToken(null);
  if (why) {
    report(new ApiError(401, why));
  } else {
    clearNotice();
  }
  signIn.show();
}

byId('sign-out', HTMLButtonElement).onclick = () => signOut();
byId('loading', HTMLParagraphElement).hidden = true;

const saved = loadSession();
if (saved) {
  begin(saved);
} else {
  signIn.show();
}
