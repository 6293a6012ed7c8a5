// An EventSource that we reconnect ourselves, so each new connection can say where to resume.

/**
 * @typedef {object} LiveOptions
 * @property {() => string} url built afresh for every connection
 * @property {Record<string, (data: any) => void>} events handlers by event type
 * @property {() => void} [opened] each time a connection opens
 * @property {(live: boolean) => void} [state] connected or not
 * @property {() => Promise<boolean>} [canRetry] asked before reconnecting; false ends the stream
 */

export class LiveStream {
  /** @param {LiveOptions} options */
  constructor(options) {
    this.options = options;
    /** @type {EventSource | null} */
    this.source = null;
    this.stopped = true;
    this.failures = 0;
    /** @type {number | undefined} */
    this.timer = undefined;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }

  connect() {
    const source = new EventSource(this.options.url());
    this.source = source;
    for (const [type, handle] of Object.entries(this.options.events)) {
      source.addEventListener(type, (event) => {
        if (this.source === source) {
          handle(JSON.parse(/** @type {MessageEvent<string>} */ (event).data));
        }
      });
    }
    source.addEventListener('open', () => {
      this.failures = 0;
      this.options.state?.(true);
      this.options.opened?.();
    });
    source.addEventListener('error', () => this.dropped(source));
  }

  /**
   * The browser would reconnect by itself, but to the old URL; close and reconnect with a fresh
   * one instead, after a short, growing pause.
   * @param {EventSource} source
   */
  dropped(source) {
    source.close();
    if (this.stopped || this.source !== source) {
      return;
    }
    this.source = null;
    this.options.state?.(false);
    const delay = Math.min(30_000, 500 * 2 ** this.failures++);
    this.timer = setTimeout(async () => {
      if (this.stopped) {
        return;
      }
      if (this.options.canRetry && !(await this.options.canRetry())) {
        this.stop();
        return;
      }
      if (!this.stopped && this.source === null) {
        this.connect();
      }
    }, delay);
  }
}
