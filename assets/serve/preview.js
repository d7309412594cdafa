// A preview per account that looks like the platform: avatar, name and handle, the text with
// links, hashtags and mentions styled, a media grid, and the length against that account's limit.
import { el, dot } from './dom.js';

const TOKENS = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}])|(#[\p{L}\p{N}_]+)|(@[\w.-]+(?:@[\w.-]+)?)/gu;

/** Text as nodes: links, hashtags and mentions in their own spans; never markup. */
export function richText(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(TOKENS)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(el('span', { class: 'link', title: m[1], text: m[1].length > 40 ? m[1].slice(0, 38) + '…' : m[1] }));
    else if (m[2]) out.push(el('span', { class: 'hashtag', text: m[2] }));
    else out.push(el('span', { class: 'mention', text: m[3] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function mediaGrid(media) {
  if (!media.length) return null;
  return el('div', { class: 'media-grid n' + Math.min(media.length, 4) }, media.map((m) =>
    m.exists
      ? el('img', { src: '/assets/' + m.file.split('/').map(encodeURIComponent).join('/'), alt: m.alt || '', title: m.alt ? 'Alt text: ' + m.alt : 'No alt text' })
      : el('div', { class: 'missing', text: 'missing: ' + m.file })));
}

export function previewCard(account, mark) {
  const items = account.items.map((item, i) => el('div', { class: i ? 'item reply' : 'item' }, [
    el('div', { class: 'who' }, [dot(mark), el('strong', { text: account.name }), el('span', { class: 'handle', text: account.handle || '' })]),
    el('div', { class: 'text' }, richText(item.text)),
    mediaGrid(item.media),
    el('div', { class: 'len' + (item.over ? ' over' : ''), text: item.length + ' / ' + item.limit + (item.over ? ' — over ' + account.platform + "'s limit" : '') }),
  ]));
  return el('section', { class: 'card platform-' + account.platform, 'data-account': account.name }, [
    el('h3', { text: account.platform + (account.offsetMinutes ? ' · at ' + account.local.slice(11) + ' (staggered)' : '') }),
    ...items,
  ]);
}

export function findingsList(problems) {
  if (!problems.length) return el('p', { class: 'clean', text: '✔ no findings for this post' });
  return el('ul', { class: 'findings' }, problems.map((p) =>
    el('li', { class: p.severity, 'data-rule': p.rule || p.code }, [
      el('strong', { text: p.severity + (p.rule ? ' ' + p.rule : '') + ': ' }),
      p.message,
      p.hint ? el('div', { class: 'hint', text: p.hint }) : null,
    ])));
}
