/** Small DOM helpers shared by the simulator page's parts. */

export function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`simulator.html lacks #${id}`);
  return element as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: { text?: string; className?: string; attrs?: Record<string, string> } = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function button(doc: Document, label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = el(doc, 'button', { text: label, className: `button ${className}`.trim(), attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}
