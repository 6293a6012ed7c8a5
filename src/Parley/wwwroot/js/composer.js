// The message box: counts user-perceived characters, sends with an Idempotency-Key.

import { api, ApiError } from './api.js';
import { byId } from './dom.js';
import { graphemes, maxMessageLength, newKey } from './format.js';

/** @typedef {import('./types.js').Message} Message */

export class Composer {
  /**
   * @param {(message: Message) => void} sent
   * @param {AbortSignal} signal aborted when the session ends: listeners go, late answers are dropped
   */
  constructor(sent, signal) {
    this.sent = sent;
    this.signal = signal;
    /** @type {string | null} */
    this.threadId = null;
    /** The text being sent and its key: a retry of the same text reuses the key, so it never posts twice. */
    /** @type {{ text: string, key: string } | null} */
    this.pending = null;
    this.sending = false;
    this.form = byId('composer', HTMLFormElement);
    this.text = byId('text', HTMLTextAreaElement);
    this.count = byId('count', HTMLSpanElement);
    this.button = byId('send', HTMLButtonElement);
    this.error = byId('send-error', HTMLParagraphElement);

    this.text.addEventListener('input', () => this.update(), { signal });
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    }, { signal });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    }, { signal });
  }

  /** @param {string} threadId */
  open(threadId) {
    if (this.threadId !== threadId) {
      this.threadId = threadId;
      this.text.value = '';
      this.pending = null;
      this.showError('');
    }
    this.update();
  }

  update() {
    const length = graphemes(this.text.value);
    const over = length - maxMessageLength;
    this.count.textContent = over > 0
      ? `${length}/${maxMessageLength}: ${over} too many`
      : `${length}/${maxMessageLength}`;
    this.count.classList.toggle('over', over > 0);
    this.button.disabled = this.sending || over > 0 || !/\S/.test(this.text.value);
  }

  async send() {
    const text = this.text.value;
    const threadId = this.threadId;
    this.update();
    if (this.button.disabled || threadId === null) {
      return;
    }
    if (this.pending?.text !== text) {
      this.pending = { text, key: newKey() };
    }
    const key = this.pending.key;
    this.sending = true;
    this.update();
    try {
      /** @type {Message} */
      const message = await api(`/v1/threads/${encodeURIComponent(threadId)}/messages`, {
        method: 'POST',
        body: { text },
        headers: { 'Idempotency-Key': key },
      });
      if (this.signal.aborted) {
        return;
      }
      if (this.threadId === threadId && this.text.value === text) {
        this.text.value = '';
      }
      this.pending = null;
      this.showError('');
      this.sent(message);
    } catch (error) {
      if (!this.signal.aborted) {
        const reason = error instanceof ApiError ? error.message : String(error);
        this.showError(`Not sent. ${reason}`);
      }
    } finally {
      this.sending = false;
      if (!this.signal.aborted) {
        this.update();
      }
    }
  }

  /** Empties the box for whoever signs in next. */
  clear() {
    this.threadId = null;
    this.pending = null;
    this.text.value = '';
    this.showError('');
    this.update();
  }

  /** @param {string} message */
  showError(message) {
    this.error.textContent = message;
    this.error.hidden = message === '';
  }
}
