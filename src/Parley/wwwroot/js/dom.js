/**
 * The element with this id, checked to be of the expected kind.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, prototype: T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`The page has no #${id} of the expected kind.`);
  }
  return element;
}

/**
 * A new element with text content and attributes; user data only ever goes in as text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/**
 * Shows or hides a field's error text and marks the field for assistive technology.
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @param {HTMLElement} output
 * @param {string} message empty to clear
 */
export function fieldError(field, output, message) {
  output.textContent = message;
  output.hidden = message === '';
  if (message === '') {
    field.removeAttribute('aria-invalid');
  } else {
    field.setAttribute('aria-invalid', 'true');
  }
}
