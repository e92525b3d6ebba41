// Small DOM helpers. Everything from the API goes in as text, never as markup: draft
// text quotes the customer.
export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** <tag class=className>text</tag> with these attributes and children: text is always text. */
export function element(tag, { text, className, attributes = {} } = {}, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** A function that runs `action` once `ms` have passed without another call. */
export function debounce(action, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
