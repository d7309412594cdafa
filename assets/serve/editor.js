// The side panel: a post's fields as a form, a live preview per account and the rule findings,
// both computed by the server (the same engine as `check`) as you type.
import { call, ApiError } from './api.js';
import { el, say } from './dom.js';
import { previewCard, findingsList } from './preview.js';

export function createEditor(host, app) {
  let state = null; // { id, file, version, fields, dirty, stale, timezone }
  let timer = null;
  let previewRun = 0;

  async function open(id) {
    if (state && state.dirty && state.id !== id && !confirm('Discard your unsaved changes to ' + state.id + '?')) return;
    const post = await call('GET', '/api/posts/' + encodeURIComponent(id));
    state = { id, file: post.file, version: post.version, fields: post.fields, dirty: false, stale: false, timezone: post.timezone };
    host.hidden = false;
    render(post);
  }

  function close() {
    if (state && state.dirty && !confirm('Discard your unsaved changes to ' + state.id + '?')) return;
    state = null;
    host.hidden = true;
    host.textContent = '';
    app.selected(null);
  }

  function changed() {
    state.dirty = true;
    host.querySelector('#save').disabled = false;
    host.querySelector('#dirty').textContent = 'unsaved changes';
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 250);
  }

  async function refreshPreview() {
    const run = ++previewRun;
    try {
      const result = await call('POST', '/api/posts/' + encodeURIComponent(state.id) + '/preview', { fields: state.fields });
      if (run === previewRun) showPreview(result);
    } catch (e) {
      say(e.message, 'error');
    }
  }

  function showPreview(result) {
    const previews = host.querySelector('#previews');
    previews.textContent = '';
    if (result.detail) for (const a of result.detail.accounts) previews.append(previewCard(a, app.accounts[a.name]));
    const findings = host.querySelector('#findings');
    findings.textContent = '';
    findings.append(findingsList(result.problems));
  }

  function set(path, value) {
    let obj = state.fields;
    for (const key of path.slice(0, -1)) obj = obj[key] = obj[key] && typeof obj[key] === 'object' ? obj[key] : {};
    const last = path[path.length - 1];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0 && last !== 'thread')) delete obj[last];
    else obj[last] = value;
    changed();
  }

  function textBox(label, value, onInput, attrs = {}) {
    return el('label', { class: 'field' }, [label, el('textarea', { rows: attrs.rows || 4, value: value || '', oninput: (e) => onInput(e.target.value), ...attrs })]);
  }

  function overrides(f) {
    const keys = [...new Set([...(f.channels || []), ...Object.keys(f.overrides || {})])];
    return el('details', { class: 'overrides', open: Object.keys(f.overrides || {}).length > 0 }, [
      el('summary', { text: 'Per-account text (overrides)' }),
      ...keys.map((key) => textBox(key + ' (empty: same as the main text)', f.overrides && f.overrides[key] ? f.overrides[key].text : '', (v) => {
        const o = { ...((state.fields.overrides || {})[key] || {}) };
        if (v) o.text = v; else delete o.text;
        const all = { ...(state.fields.overrides || {}) };
        if (Object.keys(o).length) all[key] = o; else delete all[key];
        set(['overrides'], Object.keys(all).length ? all : undefined);
      }, { 'data-override': key, rows: 3 })),
    ]);
  }

  function thread(f) {
    const items = f.thread || [];
    return el('fieldset', { class: 'thread' }, [
      el('legend', { text: 'Thread (replies, in order)' }),
      ...items.map((item, i) => el('div', { class: 'thread-item' }, [
        textBox('Reply ' + (i + 1), item.text, (v) => { state.fields.thread[i].text = v; changed(); }, { rows: 2, 'data-thread': String(i) }),
        el('button', { type: 'button', text: 'Remove reply', onclick: () => { const t = state.fields.thread.filter((_, j) => j !== i); set(['thread'], t.length ? t : undefined); rerender(); } }),
      ])),
      el('button', { type: 'button', id: 'add-reply', text: 'Add reply', onclick: () => { set(['thread'], [...(state.fields.thread || []), { text: '' }]); rerender(); } }),
    ]);
  }

  function media(f) {
    const list = f.media || [];
    return el('fieldset', { class: 'media' }, [
      el('legend', { text: 'Media' }),
      ...list.map((m, i) => el('div', { class: 'media-item' }, [
        el('code', { text: m.file }),
        el('label', { class: 'field' }, ['Alt text', el('input', { type: 'text', value: m.alt || '', 'data-alt': String(i), oninput: (e) => { state.fields.media[i].alt = e.target.value || undefined; if (!e.target.value) delete state.fields.media[i].alt; changed(); } })]),
        el('button', { type: 'button', text: 'Remove', onclick: () => { const l = state.fields.media.filter((_, j) => j !== i); set(['media'], l.length ? l : undefined); rerender(); } }),
      ])),
      el('label', { class: 'field' }, ['Add an image (saved under media/)', el('input', { type: 'file', id: 'upload', accept: 'image/*,video/*', onchange: upload })]),
    ]);
  }

  async function upload(e) {
    const file = e.target.files[0];
    if (!file) return;
    try {
      const saved = await call('POST', '/api/media?name=' + encodeURIComponent(file.name), file);
      set(['media'], [...(state.fields.media || []), { file: saved.file, alt: '' }]);
      rerender();
      say('Saved ' + saved.file + '. Describe it in the alt text.');
    } catch (err) {
      say(err.message, 'error');
    }
  }

  function rerender() {
    render(null);
  }

  function render(post) {
    const f = state.fields;
    host.textContent = '';
    const accounts = Object.keys(app.accounts);
    const [day, time] = app.localOf(state.id) || ['', ''];
    host.append(...[
      el('div', { class: 'bar' }, [
        el('h2', { text: state.id }),
        el('span', { id: 'dirty', class: 'dirty', text: state.dirty ? 'unsaved changes' : '' }),
        el('button', { type: 'button', id: 'close', text: 'Close', onclick: close }),
      ]),
      el('p', { class: 'meta', text: state.file + ' · at: ' + f.at + (f.timezone ? ' (' + f.timezone + ')' : '') }),
      state.stale ? el('p', { class: 'stale', id: 'stale', text: 'This file changed on disk. Your edits are kept; saving asks before replacing the new version.' }) : null,
      el('div', { class: 'row' }, [
        el('label', { class: 'field' }, ['Day', el('input', { type: 'date', id: 'move-day', value: day })]),
        el('label', { class: 'field' }, ['Time (' + app.zone + ')', el('input', { type: 'time', id: 'move-time', value: time })]),
        el('button', { type: 'button', id: 'move', text: 'Move', onclick: () => app.move(state.id, { day: host.querySelector('#move-day').value, time: host.querySelector('#move-time').value }) }),
      ]),
      el('fieldset', { class: 'channels' }, [el('legend', { text: 'Accounts' }), ...accounts.map((name) => el('label', {}, [
        el('input', { type: 'checkbox', value: name, checked: (f.channels || []).includes(name), onchange: (e) => {
          const now = new Set(state.fields.channels || []);
          if (e.target.checked) now.add(name); else now.delete(name);
          set(['channels'], accounts.filter((a) => now.has(a)));
          rerender();
        } }), ' ' + name]))]),
      el('div', { class: 'row' }, [
        el('label', { class: 'field' }, ['Status', el('select', { id: 'status', onchange: (e) => set(['status'], e.target.value) },
          ['idea', 'draft', 'ready'].map((s) => { const o = el('option', { value: s, text: s }); o.selected = (f.status || 'ready') === s; return o; }))]),
        el('label', { class: 'field grow' }, ['Tags (comma-separated)', el('input', { type: 'text', id: 'tags', value: (f.tags || []).join(', '), oninput: (e) => set(['tags'], e.target.value.split(',').map((t) => t.trim()).filter(Boolean)) })]),
      ]),
      textBox('Text', f.text, (v) => set(['text'], v), { id: 'text', rows: 6 }),
      overrides(f),
      thread(f),
      media(f),
      textBox('Notes (internal, never published)', f.notes, (v) => set(['notes'], v), { id: 'notes', rows: 2 }),
      el('div', { class: 'actions' }, [
        el('button', { type: 'button', id: 'save', class: 'primary', text: 'Save', disabled: !state.dirty, onclick: save }),
        el('button', { type: 'button', id: 'discard', text: 'Discard changes', onclick: () => { state.dirty = false; open(state.id); } }),
        el('button', { type: 'button', id: 'delete', class: 'danger', text: 'Delete post', onclick: remove }),
      ]),
      el('h3', { text: 'Preview' }),
      el('div', { id: 'previews', class: 'previews' }),
      el('h3', { text: 'Findings' }),
      el('div', { id: 'findings' }),
    ].filter(Boolean));
    if (post) showPreview(post);
    else refreshPreview();
  }

  async function save() {
    try {
      const saved = await call('PUT', '/api/posts/' + encodeURIComponent(state.id), { version: state.version, fields: state.fields });
      state.version = saved.version;
      state.dirty = false;
      state.stale = false;
      say('Saved ' + saved.file);
      await app.reload();
      await open(state.id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && confirm(e.message + '. Replace the version on disk with yours?')) {
        const fresh = await call('GET', '/api/posts/' + encodeURIComponent(state.id));
        state.version = fresh.version;
        return save();
      }
      say(e.message, 'error');
    }
  }

  async function remove() {
    if (!confirm('Delete ' + state.id + ' (' + state.file + ')? The file is removed; git keeps its history.')) return;
    try {
      await call('DELETE', '/api/posts/' + encodeURIComponent(state.id) + '?version=' + state.version);
      say('Deleted ' + state.file);
      state = null;
      host.hidden = true;
      host.textContent = '';
      await app.reload();
    } catch (e) {
      say(e.message, 'error');
    }
  }

  /** A file changed on disk: reload the form unless it holds unsaved edits, which are kept. */
  async function onDiskChange() {
    if (!state) return;
    if (!state.dirty) return open(state.id).catch(() => close());
    state.stale = true;
    if (!host.querySelector('#stale')) {
      host.querySelector('.meta').after(el('p', { class: 'stale', id: 'stale', text: 'This file changed on disk. Your edits are kept; saving asks before replacing the new version.' }));
    }
  }

  return { open, close, onDiskChange, current: () => state };
}
