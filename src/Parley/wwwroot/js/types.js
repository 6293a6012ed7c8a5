// Shapes of the public API's JSON, for JSDoc type checks only.

/**
 * @typedef {object} Message
 * @property {string} id
 * @property {string} thread_id
 * @property {number} seq
 * @property {string} username
 * @property {string} text
 * @property {string} created_at
 */

/**
 * @typedef {object} Thread
 * @property {string} id
 * @property {string | null} title
 * @property {string[]} users
 * @property {string} created_at
 * @property {number} last_seq
 * @property {Message | null} last_message
 * @property {number} [unread_count]
 */

/**
 * @typedef {object} ThreadPage
 * @property {Thread[]} threads
 * @property {string | null} next_cursor
 */

/**
 * @typedef {object} MessagePage
 * @property {Message[]} messages
 * @property {boolean} has_more
 */

/**
 * @typedef {object} TokenResponse
 * @property {string} token
 * @property {string} username
 * @property {string} expires_at
 */

/**
 * GET /v1/info: the server's version, whether it hands out development tokens, its limits.
 * @typedef {object} ServerInfo
 * @property {string} version
 * @property {boolean} dev_tokens
 * @property {Record<string, number>} limits
 */

/**
 * An RFC 9457 problem as Parley sends it.
 * @typedef {object} Problem
 * @property {string} [title]
 * @property {number} [status]
 * @property {string} [detail]
 * @property {Record<string, string[]>} [errors]
 */

export {};
