// What the server says about itself (GET /v1/info): asked once per page, with no credential.

import { api } from './api.js';

/** @typedef {import('./types.js').ServerInfo} ServerInfo */

/** @type {Promise<ServerInfo> | null} */
let asked = null;

/** @returns {Promise<ServerInfo>} */
export function serverInfo() {
  if (asked === null) {
    // A failed answer is not kept: the next call asks again.
    asked = api('/v1/info', { token: null }).catch((error) => {
      asked = null;
      throw error;
    });
  }
  return asked;
}
