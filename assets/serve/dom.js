// DOM helpers: every text goes in as textContent, never as markup.
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'value') node.value = v;
    else if (k === 'checked') node.checked = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

export function dot(account) {
  const node = el('span', { class: 'dot', title: account ? account.name : '?', text: account ? account.glyph : '?' });
  node.style.backgroundColor = '#6b7280';
  if (account && account.color) node.style.backgroundColor = account.color; // ignored unless a colour
  return node;
}

export function say(text, kind = 'info') {
  const box = document.getElementById('message');
  box.className = kind;
  box.textContent = text;
}
