// The new-thread form: the API validates, and its per-field errors are shown beside the fields.

import { api, ApiError } from './api.js';
import { byId, fieldError, h } from './dom.js';
import { newKey } from './format.js';

/** @typedef {import('./types.js').Thread} Thread */

export class NewThreadForm {
  /**
   * @param {(thread: Thread) => void} created
   * @param {(error: unknown) => void} report
   * @param {AbortSignal} signal aborted when the session ends: listeners go, late answers are dropped
   */
  constructor(created, report, signal) {
    this.created = created;
    this.report = report;
    this.signal = signal;
    /** @type {{ body: string, key: string } | null} */
    this.pending = null;
    this.form = byId('new-thread', HTMLFormElement);
    this.members = byId('members', HTMLInputElement);
    this.membersError = byId('members-error', HTMLUListElement);
    this.title = byId('title', HTMLInputElement);
    this.titleError = byId('title-error', HTMLParagraphElement);
    this.button = byId('create', HTMLButtonElement);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    }, { signal });
  }

  reset() {
    this.form.reset();
    this.pending = null;
    this.showErrors({}, []);
  }

  async submit() {
    const users = this.members.value.split(/[\s,]+/).filter((name) => name !== '');
    const title = this.title.value;
    const body = { users, ...(title === '' ? {} : { title }) };
    const json = JSON.stringify(body);
    if (this.pending?.body !== json) {
      this.pending = { body: json, key: newKey() };
    }
    this.button.disabled = true;
    try {
      /** @type {Thread} */
      const thread = await api('/v1/threads', { method: 'POST', body, headers: { 'Idempotency-Key': this.pending.key } });
      if (this.signal.aborted) {
        return;
      }
      this.reset();
      this.created(thread);
    } catch (error) {
      if (this.signal.aborted) {
        return;
      }
      if (error instanceof ApiError && Object.keys(error.errors).length > 0) {
        this.showErrors(error.errors, users);
      } else {
        this.report(error);
      }
    } finally {
      this.button.disabled = false;
    }
  }

  /**
   * @param {Record<string, string[]>} errors the API's `errors`, by field
   * @param {string[]} users as sent, to name the entry an `users[i]` error is about
   */
  showErrors(errors, users) {
    const memberLines = [];
    for (const [field, messages] of Object.entries(errors)) {
      const entry = /^users\[(\d+)\]$/.exec(field);
      if (entry) {
        memberLines.push(`“${users[Number(entry[1])] ?? ''}” ${messages.join('; ')}.`);
      } else if (field === 'users') {
        memberLines.push(`Members ${messages.join('; ')}.`);
      }
    }
    this.membersError.replaceChildren(...memberLines.map((line) => h('li', {}, [line])));
    this.membersError.hidden = memberLines.length === 0;
    if (memberLines.length > 0) {
      this.members.setAttribute('aria-invalid', 'true');
    } else {
      this.members.removeAttribute('aria-invalid');
    }
    fieldError(this.title, this.titleError, errors.title ? `The title ${errors.title.join('; ')}.` : '');

    const first = memberLines.length > 0 ? this.members : errors.title ? this.title : null;
    first?.focus();
  }
}
