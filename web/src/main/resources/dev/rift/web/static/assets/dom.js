// Building DOM nodes without ever parsing HTML: every value (branch names, row values, error
// messages) reaches the page as a text node or an attribute value, so nothing in the data can
// become markup.

/**
 * h('td', {class: 'num', title: iso}, 'text', childNode, [more, children])
 * Props: "class", "dataset" (object), "style" (object of CSSOM properties: the page's Content-Security-Policy
 * refuses style attributes), "on<event>" (listener), anything else an attribute
 * (true = present, null/false/undefined = absent).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style') {
      Object.assign(el.style, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends nodes and strings (as text) to el, skipping null/false, flattening arrays. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces el's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
