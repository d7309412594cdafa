// socialcal serve: the page. State lives in the URL hash (view, month or week, filters), data
// comes from the API, and a change on disk (an editor, git pull) reloads it without touching
// the editor's unsaved text.
import { call, events, ApiError } from './api.js';
import { el, say } from './dom.js';
import { renderMonth, renderWeek, weekStart } from './calendar.js';
import { createEditor } from './editor.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const $ = (id) => document.getElementById(id);
let data = null;
let selected = null;
const state = { view: 'month', month: '', week: '', account: '', campaign: '', tag: '', status: '' };

const app = {
  accounts: {},
  zone: '',
  selected(id) { selected = id; render(); },
  localOf(id) {
    const p = data && data.posts.find((x) => x.id === id);
    return p ? [p.day, p.time] : null;
  },
  reload,
  move,
};
const editor = createEditor($('editor'), app);

function today() {
  const parts = {};
  new Intl.DateTimeFormat('en-US', { timeZone: data.timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).forEach((p) => { parts[p.type] = p.value; });
  return parts.year + '-' + parts.month + '-' + parts.day;
}

function openingDay() {
  const days = data.posts.map((p) => p.day).sort();
  const t = today();
  return days.find((d) => d >= t) || days[days.length - 1] || t;
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const k of Object.keys(state)) state[k] = params.get(k) || '';
  if (state.view !== 'week') state.view = 'month';
  const start = openingDay();
  if (!/^\d{4}-\d{2}$/.test(state.month)) state.month = start.slice(0, 7);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.week)) state.week = weekStart(state.month === start.slice(0, 7) ? start : state.month + '-01');
}

function go(patch) {
  Object.assign(state, patch);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v) params.set(k, v);
  location.hash = params.toString();
}

function wanted(p) {
  return (!state.account || p.channels.includes(state.account)) && (!state.campaign || p.campaign === state.campaign)
    && (!state.tag || p.detail.tags.includes(state.tag)) && (!state.status || p.status === state.status);
}

function fillSelect(id, values, current) {
  const select = $(id);
  const keep = select.options[0];
  select.textContent = '';
  select.append(keep);
  for (const [value, label] of values) select.append(el('option', { value, text: label }));
  select.value = current;
}

function shift(n) {
  if (state.view === 'week') {
    const t = Date.parse(state.week + 'T00:00:00Z') + n * 7 * 86400000;
    const week = new Date(t).toISOString().slice(0, 10);
    return { week, month: week.slice(0, 7) };
  }
  const [y, m] = state.month.split('-').map(Number);
  const month = new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
  return { month, week: weekStart(month + '-01') };
}

function render() {
  if (!data) return;
  readHash();
  const [y, m] = state.month.split('-').map(Number);
  $('period').textContent = state.view === 'week' ? 'Week of ' + state.week : MONTHS[m - 1] + ' ' + y;
  $('zone').textContent = 'times in ' + data.timezone;
  $('show-month').setAttribute('aria-pressed', String(state.view === 'month'));
  $('show-week').setAttribute('aria-pressed', String(state.view === 'week'));
  fillSelect('filter-account', data.accounts.map((a) => [a.name, a.name]), state.account);
  fillSelect('filter-campaign', data.campaigns.map((c) => [c.id, c.name]), state.campaign);
  fillSelect('filter-tag', [...new Set(data.posts.flatMap((p) => p.detail.tags))].sort().map((t) => [t, t]), state.tag);
  $('filter-status').value = state.status;
  const template = $('template').value;
  fillSelect('template', data.posts.map((p) => [p.id, p.id]), template);
  const view = {
    data,
    posts: data.posts.filter(wanted),
    campaigns: data.campaigns.filter((c) => !state.campaign || c.id === state.campaign),
    accounts: app.accounts,
    month: state.month,
    week: state.week,
    today: today(),
    selected,
    open: (id) => { selected = id; editor.open(id).then(render).catch((e) => say(e.message, 'error')); },
    move,
    create,
  };
  const main = $('main');
  main.textContent = '';
  if (data.broken.length) {
    main.append(el('div', { class: 'broken' }, [el('strong', { text: 'Not shown (fix in the file, then it appears): ' }),
      ...data.broken.map((b) => el('div', { text: b.file + ':' + b.line + ' ' + b.message }))]));
  }
  if (state.view === 'week') renderWeek(main, view); else renderMonth(main, view);
}

async function reload() {
  data = await call('GET', '/api/calendar');
  app.zone = data.timezone;
  app.accounts = Object.fromEntries(data.accounts.map((a) => [a.name, a]));
  render();
  await renderChanges();
}

async function move(id, target) {
  const post = data.posts.find((p) => p.id === id);
  const body = { day: target.day };
  if (target.time) body.time = target.time;
  else if (target.hour) body.time = target.hour + ':' + post.time.slice(3, 5);
  try {
    let result;
    try {
      result = await call('POST', '/api/posts/' + encodeURIComponent(id) + '/move', body);
    } catch (e) {
      if (!(e instanceof ApiError) || e.body.reason !== 'relative') throw e;
      if (!confirm(e.body.message + '.\nWrite the fixed time ' + e.body.absolute + ' instead?')) return say('Not moved.');
      result = await call('POST', '/api/posts/' + encodeURIComponent(id) + '/move', { ...body, absolute: true });
    }
    say('Moved ' + id + ' to ' + result.local + ' (at: ' + result.at + ')');
    await reload();
    const open = editor.current();
    if (open && open.id === id && !open.dirty) await editor.open(id);
  } catch (e) {
    say(e.message + (e.body && e.body.hint ? ' — ' + e.body.hint : ''), 'error');
  }
}

async function create(day) {
  try {
    const made = await call('POST', '/api/posts', { day, template: $('template').value || undefined });
    say('Created ' + made.file + ' (draft)');
    await reload();
    selected = made.id;
    await editor.open(made.id);
    render();
  } catch (e) {
    say(e.message, 'error');
  }
}

async function renderChanges() {
  const bar = $('changes');
  let changes;
  try {
    changes = await call('GET', '/api/changes');
  } catch (e) {
    bar.textContent = 'Changes: ' + e.message;
    return;
  }
  bar.textContent = '';
  const onDefault = changes.branch === changes.defaultBranch;
  bar.append(
    el('div', { class: 'files' }, [
      el('strong', { text: changes.files.length ? changes.files.length + ' changed since the last commit' : 'No changes since the last commit' }),
      ' on ', el('code', { id: 'branch', text: changes.branch || '(detached)' }),
      el('ul', { id: 'changed-files' }, changes.files.map((f) => el('li', { 'data-state': f.state, text: f.state + ' ' + f.path }))),
    ]),
  );
  if (changes.files.length) {
    const suggested = onDefault ? 'calendar/' + new Date().toISOString().slice(0, 10) + '-' + Math.random().toString(36).slice(2, 6) : changes.branch;
    bar.append(el('form', { class: 'commit', onsubmit: commit }, [
      el('label', {}, ['Branch ', el('input', { type: 'text', id: 'commit-branch', value: suggested, required: true })]),
      el('label', {}, ['Message ', el('input', { type: 'text', id: 'commit-message', placeholder: 'Move the teaser to Thursday', required: true })]),
      el('button', { type: 'submit', id: 'commit', class: 'primary', text: onDefault ? 'Commit to a new branch' : 'Commit to ' + changes.branch }),
    ]));
  } else if (changes.pullRequests && !onDefault && changes.branch) {
    bar.append(el('form', { class: 'commit', onsubmit: pullRequest }, [
      el('label', {}, ['Title ', el('input', { type: 'text', id: 'pr-title', value: changes.branch })]),
      el('button', { type: 'submit', id: 'open-pr', class: 'primary', text: 'Open pull request' }),
    ]));
  }
}

async function commit(e) {
  e.preventDefault();
  try {
    const done = await call('POST', '/api/commit', { branch: $('commit-branch').value, message: $('commit-message').value });
    say('Committed ' + done.files.length + ' file(s) to ' + done.branch + ' (' + done.commit.slice(0, 7) + ')');
    await renderChanges();
  } catch (err) {
    say(err.message, 'error');
  }
}

async function pullRequest(e) {
  e.preventDefault();
  try {
    const pr = await call('POST', '/api/pull-request', { title: $('pr-title').value });
    say('Opened pull request #' + pr.number + ': ' + pr.url);
  } catch (err) {
    say(err.message, 'error');
  }
}

$('prev').addEventListener('click', () => go(shift(-1)));
$('next').addEventListener('click', () => go(shift(1)));
$('show-month').addEventListener('click', () => go({ view: 'month' }));
$('show-week').addEventListener('click', () => go({ view: 'week' }));
for (const name of ['account', 'campaign', 'tag', 'status']) $('filter-' + name).addEventListener('change', (e) => go({ [name]: e.target.value }));
window.addEventListener('hashchange', render);
window.addEventListener('beforeunload', (e) => { const s = editor.current(); if (s && s.dirty) e.preventDefault(); });
events(async () => {
  await reload().catch((e) => say(e.message, 'error'));
  await editor.onDiskChange();
});
reload().catch((e) => say(e.message, 'error'));
