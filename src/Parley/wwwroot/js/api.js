// The public HTTP API, with every failure turned into an ApiError whose message a person can read.

/** @typedef {import('./types.js').Problem} Problem */

/** An API call that failed: `message` is in plain words, `errors` holds the API's per-field rules. */
export class ApiError extends Error {
  /**
   * @param {number} status 0 when the server could not be reached
   * @param {string} message
   * @param {Record<string, string[]>} [errors]
   */
  constructor(status, message, errors = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

/** @type {string | null} */
let token = null;
/** @type {() => void} */
let onUnauthorized = () => {};

/**
 * @param {string | null} value the user token sent with every call
 * @param {() => void} [unauthorized] called when the server refuses it
 */
export function useToken(value, unauthorized) {
  token = value;
  if (unauthorized) {
    onUnauthorized = unauthorized;
  }
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [method]
 * @property {unknown} [body] sent as JSON
 * @property {Record<string, string>} [headers]
 * @property {string | null} [token] overrides the session's token; null sends none
 */

/**
 * Calls the API and returns the parsed JSON body (undefined for 204).
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const credential = options.token === undefined ? token : options.token;
  if (credential) {
    headers.Authorization = `Bearer ${credential}`;
  }

  /** @type {Response} */
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.');
  }

  if (response.ok) {
    return response.status === 204 ? undefined : response.json();
  }
  const error = await toError(response);
  // Only the current session's token ends the session: a late answer to a call made before
  // signing out (or as another user) must not sign out whoever is signed in now.
  if (error.status === 401 && options.token === undefined && credential === token) {
    onUnauthorized();
  }
  throw error;
}

/**
 * @param {Response} response
 * @returns {Promise<ApiError>}
 */
async function toError(response) {
  /** @type {Problem} */
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not JSON (a proxy's page, say): the status alone has to do.
  }
  const errors = problem.errors ?? {};
  return new ApiError(response.status, describe(response, problem, errors), errors);
}

/**
 * @param {Response} response
 * @param {Problem} problem
 * @param {Record<string, string[]>} errors
 */
function describe(response, problem, errors) {
  const wait = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const later = Number.isFinite(wait) ? `Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.` : 'Try again soon.';
  switch (response.status) {
    case 401:
      return 'Your sign-in is no longer valid. Sign in again.';
    case 429:
      return `Too many requests at once. ${later}`;
    case 503:
      return `The server is busy or cannot reach its database. ${later}`;
  }
  const rules = Object.entries(errors).map(([field, messages]) => `${fieldName(field)} ${messages.join('; ')}.`);
  if (rules.length > 0) {
    return rules.join(' ');
  }
  return problem.detail || problem.title || `The server answered with status ${response.status}.`;
}

/** @param {string} field */
function fieldName(field) {
  /** @type {Record<string, string>} */
  const names = { text: 'The message', title: 'The title', users: 'The member list', username: 'The username' };
  return names[field] ?? `The field ${field}`;
}
