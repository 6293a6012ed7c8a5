// The signed-in user, kept in sessionStorage only: it ends with the tab and never enters the URL.

const key = 'parley.session';

/**
 * @typedef {object} Session
 * @property {string} token
 * @property {string} username
 */

/** @returns {Session | null} */
export function loadSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return stored && typeof stored.token === 'string' && typeof stored.username === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(key, JSON.stringify({ token: session.token, username: session.username }));
}

export function clearSession() {
  sessionStorage.removeItem(key);
}

/**
 * The username a user token was issued for (its `sub`), or null when it is not a JWT.
 * The server checks the signature; the client only needs to know who it is.
 * @param {string} token
 * @returns {string | null}
 */
export function usernameOf(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const sub = JSON.parse(json).sub;
    return typeof sub === 'string' && sub !== '' ? sub.toLowerCase() : null;
  } catch {
    return null;
  }
}
