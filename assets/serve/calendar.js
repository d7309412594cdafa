// The month and week grids: posts as draggable chips, milestones, blackouts and freezes drawn as
// in `export html`. Dropping a chip on a day (or an hour in the week) asks the server to move it.
import { el, dot } from './dom.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY = 86400000;

export function dayKey(t) {
  return new Date(t).toISOString().slice(0, 10);
}

/** Monday of the week holding `day`. */
export function weekStart(day) {
  const t = Date.parse(day + 'T00:00:00Z');
  return dayKey(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY);
}

function dayInfo(view, k) {
  const posts = view.posts.filter((p) => p.day === k);
  const milestones = [];
  for (const c of view.campaigns) for (const m of c.milestones) if (m.day === k) milestones.push({ c, m });
  const blackouts = view.data.blackouts.filter((b) => b.from <= k && k <= b.to);
  const frozen = view.data.freezes.filter((f) => f.since <= k);
  return { posts, milestones, blackouts, frozen };
}

function chip(view, p) {
  const node = el('div', {
    class: 'post' + (p.status === 'ready' ? '' : ' draft') + (view.selected === p.id ? ' selected' : ''),
    draggable: 'true',
    'data-post': p.id,
    title: p.summary + (p.staggered ? ' — staggered: ' + p.staggered : '') + ' (drag to move)',
    tabindex: '0',
    onclick: () => view.open(p.id),
    onkeydown: (e) => { if (e.key === 'Enter') view.open(p.id); },
    ondragstart: (e) => {
      e.dataTransfer.setData('text/x-socialcal-post', p.id);
      e.dataTransfer.effectAllowed = 'move';
    },
  }, [el('span', { class: 't', text: p.time + (p.staggered ? '»' : '') }), ...p.channels.map((c) => dot(view.accounts[c])), el('span', { class: 's', text: p.summary })]);
  return node;
}

function dropTarget(node, view, target) {
  node.addEventListener('dragover', (e) => { e.preventDefault(); node.classList.add('over'); });
  node.addEventListener('dragleave', () => node.classList.remove('over'));
  node.addEventListener('drop', (e) => {
    e.preventDefault();
    node.classList.remove('over');
    const id = e.dataTransfer.getData('text/x-socialcal-post');
    if (id) view.move(id, target);
  });
}

function marks(cell, info) {
  for (const x of info.milestones) cell.append(el('span', { class: 'milestone', text: '★ ' + x.m.time + ' ' + x.m.title }));
  for (const b of info.blackouts) cell.append(el('span', { class: 'blackoutname', title: b.name + ' (' + b.scope + ')', text: '░ ' + b.name }));
  for (const f of info.frozen) cell.append(el('span', { class: 'frozenname', text: '❄ frozen: ' + f.reason }));
}

function dayClasses(info, k, other, today) {
  const c = [];
  if (other) c.push('other');
  if (info.blackouts.length) c.push('blackout');
  else if (info.frozen.length) c.push('frozen');
  if (k === today) c.push('today');
  return c.join(' ');
}

export function renderMonth(main, view) {
  const [y, m] = view.month.split('-').map(Number);
  const first = Date.UTC(y, m - 1, 1);
  const last = Date.UTC(y, m, 0);
  const start = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY;
  const end = last + ((7 - new Date(last).getUTCDay()) % 7) * DAY;
  const body = el('tbody');
  let row;
  for (let t = start; t <= end; t += DAY) {
    if ((t - start) % (7 * DAY) === 0) body.append((row = el('tr')));
    const k = dayKey(t);
    const info = dayInfo(view, k);
    const cell = el('td', { class: dayClasses(info, k, k.slice(0, 7) !== view.month, view.today), 'data-day': k }, [
      el('span', { class: 'num', text: String(Number(k.slice(8))) }),
      el('button', { type: 'button', class: 'add', 'data-day': k, title: 'new post on ' + k, 'aria-label': 'new post on ' + k, text: '+', onclick: () => view.create(k) }),
    ]);
    marks(cell, info);
    for (const p of info.posts) cell.append(chip(view, p));
    dropTarget(cell, view, { day: k });
    row.append(cell);
  }
  main.append(el('table', { class: 'month' }, [el('thead', {}, [el('tr', {}, WEEKDAYS.map((d) => el('th', { text: d })))]), body]));
}

export function renderWeek(main, view) {
  const start = Date.parse(view.week + 'T00:00:00Z');
  const days = [0, 1, 2, 3, 4, 5, 6].map((i) => dayKey(start + i * DAY));
  const infos = days.map((k) => dayInfo(view, k));
  const head = el('tr', {}, [el('th', { text: '' }), ...days.map((k, i) => {
    const th = el('th', { class: dayClasses(infos[i], k, false, view.today), 'data-day': k }, [WEEKDAYS[i] + ' ' + Number(k.slice(8)) + ' ',
      el('button', { type: 'button', class: 'add', 'data-day': k, title: 'new post on ' + k, text: '+', onclick: () => view.create(k) })]);
    marks(th, infos[i]);
    return th;
  })]);
  const body = el('tbody');
  for (let h = 0; h < 24; h++) {
    const hh = String(h).padStart(2, '0');
    body.append(el('tr', {}, [el('th', { class: 'hour', text: hh + ':00' }), ...days.map((k, i) => {
      const cell = el('td', { class: dayClasses(infos[i], k, false, ''), 'data-day': k, 'data-hour': hh });
      for (const p of infos[i].posts.filter((p) => p.time.slice(0, 2) === hh)) cell.append(chip(view, p));
      dropTarget(cell, view, { day: k, hour: hh });
      return cell;
    })]));
  }
  main.append(el('table', { class: 'week' }, [el('thead', {}, [head]), body]));
}
