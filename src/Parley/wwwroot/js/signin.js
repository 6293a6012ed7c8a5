// Sign-in: a development token by username when the server offers them, else a pasted token.

import { api, ApiError } from './api.js';
import { byId, fieldError } from './dom.js';
import { serverInfo } from './info.js';
import { usernameOf } from './session.js';

/** @typedef {import('./session.js').Session} Session */
/** @typedef {import('./types.js').TokenResponse} TokenResponse */

export class SignIn {
  /**
   * @param {(session: Session) => void} signedIn
   * @param {(error: unknown) => void} report
   */
  constructor(signedIn, report) {
    this.signedIn = signedIn;
    this.report = report;
    this.section = byId('signin', HTMLElement);
    this.devForm = byId('dev-form', HTMLFormElement);
    this.username = byId('dev-username', HTMLInputElement);
    this.usernameError = byId('dev-username-error', HTMLParagraphElement);
    this.tokenForm = byId('token-form', HTMLFormElement);
    this.token = byId('token', HTMLTextAreaElement);
    this.tokenError = byId('token-error', HTMLParagraphElement);

    byId('use-token', HTMLButtonElement).onclick = () => this.showTokenForm();
    this.devForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.withDevToken();
    });
    this.tokenForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.withPastedToken();
    });
  }

  async show() {
    this.section.hidden = false;
    this.devForm.hidden = this.tokenForm.hidden = true;
    let devTokens = false;
    try {
      devTokens = (await serverInfo()).dev_tokens;
    } catch (error) {
      // The pasted-token form works on every server; say why the other is missing.
      this.report(error);
    }
    if (devTokens) {
      this.devForm.hidden = false;
      this.username.focus();
    } else {
      this.showTokenForm();
    }
  }

  hide() {
    this.section.hidden = true;
  }

  showTokenForm() {
    this.devForm.hidden = true;
    this.tokenForm.hidden = false;
    this.token.focus();
  }

  async withDevToken() {
    try {
      /** @type {TokenResponse} */
      const issued = await api('/v1/dev/tokens', { method: 'POST', body: { username: this.username.value }, token: null });
      fieldError(this.username, this.usernameError, '');
      this.signedIn({ token: issued.token, username: issued.username });
    } catch (error) {
      if (error instanceof ApiError && error.errors.username) {
        fieldError(this.username, this.usernameError, `The username ${error.errors.username.join('; ')}.`);
        this.username.focus();
      } else {
        this.report(error);
      }
    }
  }

  async withPastedToken() {
    const token = this.token.value.trim();
    const username = usernameOf(token);
    if (username === null) {
      fieldError(this.token, this.tokenError, 'This is not a Parley user token: it should be three parts joined by dots.');
      this.token.focus();
      return;
    }
    try {
      await api('/v1/threads?limit=1', { token });
      fieldError(this.token, this.tokenError, '');
      this.signedIn({ token, username });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        fieldError(this.token, this.tokenError, 'The server refused this token: it may have expired, or belong to another server.');
        this.token.focus();
      } else {
        this.report(error);
      }
    }
  }
}
