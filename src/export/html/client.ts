// The page's script, shipped inline. Plain ES2020 with no dependencies; it renders only with
// textContent and DOM nodes, never innerHTML, so post text cannot inject markup.
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('socialcal-data').textContent);
  var WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var DAY = 86400000;
  var accounts = {};
  data.accounts.forEach(function (a) { accounts[a.name] = a; });
  var campaigns = {};
  data.campaigns.forEach(function (c) { campaigns[c.id] = c; });
  // Posts come a month at a time from data/*.js files the page adds as <script> elements (file://
  // cannot fetch JSON): each calls socialcalMonth with the month's posts, and socialcalDetail
  // with their previews when a post of that month is opened.
  var byDay = {};
  var byId = {};
  var byMonth = {};
  var loaded = {};
  var requested = {};
  window.socialcalMonth = function (month, posts) {
    byMonth[month] = posts;
    posts.forEach(function (p) { (byDay[p.day] = byDay[p.day] || []).push(p); byId[p.id] = p; });
    loaded['posts ' + month] = true;
  };
  window.socialcalDetail = function (month, details) {
    Object.keys(details).forEach(function (id) { if (byId[id]) byId[id].detail = details[id]; });
    loaded['details ' + month] = true;
  };
  // True when the month's posts (or details) are here or the month has none; else starts loading them.
  function need(kind, month) {
    var info = data.months[month];
    var k = kind + ' ' + month;
    if (!info || loaded[k]) return true;
    if (!requested[k]) {
      requested[k] = true;
      var script = document.createElement('script');
      script.src = info[kind];
      script.onload = render;
      script.onerror = function () { loaded[k] = true; render(); };
      document.head.appendChild(script);
    }
    return false;
  }
  var today = todayKey();
  var state = { view: 'month', month: openingMonth(), campaign: '', post: '' };

  // From the offsets the export wrote while they last (Intl is slow to start), else from Intl.
  function todayKey() {
    var now = Date.now();
    var z = data.zoneOffsets;
    if (z && z.changes.length && now >= z.changes[0][0] && now < z.until) {
      var offset = z.changes[0][1];
      for (var i = 1; i < z.changes.length && z.changes[i][0] <= now; i++) offset = z.changes[i][1];
      return new Date(now + offset).toISOString().slice(0, 10);
    }
    var parts = {};
    new Intl.DateTimeFormat('en-US', { timeZone: data.timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + '-' + parts.month + '-' + parts.day;
  }
  // An empty current month says nothing: open on the month of the next post, else the last one.
  function openingMonth() {
    var months = Object.keys(data.months).sort();
    var next = months.filter(function (m) { return data.months[m].last >= today; })[0] || months[months.length - 1];
    return next || today.slice(0, 7);
  }
  function narrow() { return window.innerWidth < 600; }
  // Only web links become links: a platform could answer with javascript: or data: URLs.
  function webUrl(u) { return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null; }
  function key(t) { return new Date(t).toISOString().slice(0, 10); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'onclick') node.addEventListener('click', attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  // The colour dot carries the account's letter, so it reads without colour too. The colour is
  // set through the CSS object model, which takes a colour or nothing, never more declarations.
  function dot(name) {
    var a = accounts[name];
    var node = el('span', { 'class': 'dot', title: name, 'aria-label': name, text: a ? a.glyph : '?' });
    node.style.backgroundColor = '#6b7280';
    if (a && a.color) node.style.backgroundColor = a.color; // ignored unless it is a colour
    return node;
  }
  function wanted(p) { return !state.campaign || p.campaign === state.campaign; }
  function shownCampaigns() { return data.campaigns.filter(function (c) { return !state.campaign || c.id === state.campaign; }); }

  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var view = params.get('view');
    state.view = view === 'list' || (!view && narrow()) ? 'list' : 'month';
    state.month = /^\d{4}-\d{2}$/.test(params.get('month') || '') ? params.get('month') : openingMonth();
    state.campaign = campaigns[params.get('campaign') || ''] ? params.get('campaign') : '';
    state.post = params.get('post') || '';
  }
  function go(patch) {
    Object.keys(patch).forEach(function (k) { state[k] = patch[k]; });
    var params = new URLSearchParams();
    params.set('view', state.view);
    params.set('month', state.month);
    if (state.campaign) params.set('campaign', state.campaign);
    if (state.post) params.set('post', state.post);
    location.hash = params.toString();
  }
  function shiftMonth(n, from) {
    var y = Number((from || state.month).slice(0, 4));
    var m = Number((from || state.month).slice(5, 7)) - 1 + n;
    var d = new Date(Date.UTC(y, m, 1));
    return d.toISOString().slice(0, 7);
  }

  function dayInfo(k) {
    var posts = (byDay[k] || []).filter(wanted);
    var milestones = [];
    shownCampaigns().forEach(function (c) {
      c.milestones.forEach(function (m) { if (m.day === k) milestones.push({ c: c, m: m }); });
    });
    var blackouts = data.blackouts.filter(function (b) { return b.from <= k && k <= b.to; });
    var frozen = data.freezes.filter(function (f) { return f.since <= k; });
    var gaps = shownCampaigns().filter(function (c) {
      // The days the campaign's own cadence expected a post (see the calendar command's ∅).
      return c.gapDays.indexOf(k) >= 0 && !posts.some(function (p) { return p.campaign === c.id; });
    });
    return { posts: posts, milestones: milestones, blackouts: blackouts, frozen: frozen, gaps: gaps };
  }

  function renderMonth(main) {
    var y = Number(state.month.slice(0, 4));
    var m = Number(state.month.slice(5, 7)) - 1;
    var first = Date.UTC(y, m, 1);
    var last = Date.UTC(y, m + 1, 0);
    var start = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY;
    var end = last + ((7 - new Date(last).getUTCDay()) % 7) * DAY;
    var table = el('table', { 'class': 'month' }, [el('thead', {}, [el('tr', {}, WEEKDAYS.map(function (d) { return el('th', { text: d }); }))])]);
    var body = el('tbody');
    var row;
    for (var t = start; t <= end; t += DAY) {
      if ((t - start) % (7 * DAY) === 0) { row = el('tr'); body.appendChild(row); }
      var k = key(t);
      var info = dayInfo(k);
      var classes = [];
      if (k.slice(0, 7) !== state.month) classes.push('other');
      if (info.blackouts.length) classes.push('blackout');
      else if (info.frozen.length) classes.push('frozen');
      if (info.gaps.length) classes.push('gap');
      if (k === today) classes.push('today');
      var flags = (info.milestones.length ? '★' : '') + (info.blackouts.length ? '░' : '') + (info.frozen.length ? '❄' : '') + (info.gaps.length ? '∅' : '');
      var title = info.blackouts.map(function (b) { return 'Blackout: ' + b.name + ' (' + b.scope + ')'; })
        .concat(info.frozen.map(function (f) { return 'Publishing frozen: ' + f.reason; }))
        .concat(info.gaps.map(function (c) { return 'No post for running campaign ' + c.name; })).join('\n');
      var cell = el('td', { 'class': classes.join(' '), 'data-day': k, title: title || null }, [
        el('span', { 'class': 'num', text: String(Number(k.slice(8))) }),
        flags ? el('span', { 'class': 'flags', text: flags }) : null,
      ]);
      info.milestones.forEach(function (x) { cell.appendChild(el('span', { 'class': 'milestone', text: '★ ' + x.m.time + ' ' + x.m.title })); });
      info.blackouts.forEach(function (b) { cell.appendChild(el('span', { 'class': 'blackoutname', title: b.name + ' (' + b.scope + ')', text: '░ ' + b.name })); });
      if (info.gaps.length && !info.posts.length) cell.appendChild(el('span', { 'class': 'gapnote', text: '∅ no posts' }));
      info.posts.slice(0, 5).forEach(function (p) { cell.appendChild(postButton(p)); });
      if (info.posts.length > 5) cell.appendChild(el('div', { 'class': 'more', text: '+' + (info.posts.length - 5) + ' more (see list)' }));
      row.appendChild(cell);
    }
    table.appendChild(body);
    main.appendChild(legend());
    main.appendChild(table);
  }

  function postButton(p) {
    return el('button', { type: 'button', 'class': 'post' + (p.status === 'ready' ? '' : ' draft'), 'data-post': p.id, title: p.summary, onclick: function () { go({ post: p.id }); } },
      [el('span', { 'class': 't', text: (p.stagger === 'later' ? '» ' : '') + p.time })].concat(p.channels.map(dot)).concat([el('span', { 'class': 's', text: p.summary })]));
  }

  function legend() {
    var items = data.accounts.map(function (a) { return el('span', {}, [dot(a.name), a.name]); });
    items.push(el('span', {}, [el('span', { 'class': 'swatch', style: 'background:var(--blackout)' }), '░ blackout']));
    items.push(el('span', {}, [el('span', { 'class': 'swatch', style: 'background:var(--frozen)' }), '❄ frozen']));
    items.push(el('span', {}, [el('span', { 'class': 'swatch', style: 'background:var(--gap)' }), '∅ campaign day without posts']));
    items.push(el('span', { text: '★ milestone · italic: draft or idea' }));
    if ((byMonth[state.month] || []).some(function (p) { return p.stagger === 'later'; })) items.push(el('span', { text: '» staggered: the post again, for the channels that go later' }));
    return el('div', { 'class': 'legend' }, items);
  }

  function renderList(main) {
    var posts = (byMonth[state.month] || []).filter(wanted);
    if (!posts.length) { main.appendChild(el('p', { 'class': 'empty', text: 'No posts in this month.' })); return; }
    var rows = posts.map(function (p) {
      var c = p.campaign ? campaigns[p.campaign] : null;
      return el('tr', { 'data-post': p.id }, [
        el('td', { 'class': 'when', text: p.day + ' ' + p.time + (p.stagger === 'later' ? ' »' : '') }),
        el('td', { 'class': 'accounts' }, p.channels.map(function (name) { return el('span', { 'class': 'account' }, [dot(name), ' ' + name + ' ']); })),
        el('td', { text: c ? c.name : '' }),
        el('td', { text: p.status }),
        el('td', {}, [el('button', { type: 'button', 'class': 'post', 'data-post': p.id, onclick: function () { go({ post: p.id }); } }, [el('span', { 'class': 's', text: p.summary })])]),
      ]);
    });
    main.appendChild(el('table', { 'class': 'list' }, [
      el('thead', {}, [el('tr', {}, ['When (' + data.timezone + ')', 'Accounts', 'Campaign', 'Status', 'Post'].map(function (h) { return el('th', { text: h }); }))]),
      el('tbody', {}, rows),
    ]));
  }

  function renderDetail() {
    var box = document.getElementById('detail');
    var body = document.getElementById('detail-body');
    body.textContent = '';
    var post = byId[state.post];
    if (!post || !need('details', post.day.slice(0, 7))) { box.className = ''; return; }
    var d = post.detail;
    if (!d) { box.className = ''; return; }
    body.appendChild(el('button', { type: 'button', id: 'close', style: 'float:right', onclick: function () { go({ post: '' }); } }, ['Close']));
    body.appendChild(el('h2', { text: d.id }));
    body.appendChild(el('p', { 'class': 'meta', text: [d.local + ' ' + d.timezone, d.status, d.campaignName ? 'campaign ' + d.campaignName : '', d.tags.map(function (t) { return '#' + t; }).join(' '), d.file].filter(Boolean).join(' · ') }));
    body.appendChild(el('div', { 'class': 'previews' }, d.accounts.map(card)));
    if (d.findings.length) {
      body.appendChild(el('h3', { text: 'Findings' }));
      body.appendChild(el('ul', { 'class': 'findings' }, d.findings.map(function (f) { return el('li', { 'class': f.severity, text: f.severity + ' ' + f.where + ': ' + f.message }); })));
    }
    box.className = 'open';
  }

  function card(a) {
    var items = a.items.map(function (item, i) {
      var parts = [
        el('div', { 'class': 'text', text: item.text }),
        el('div', { 'class': 'len' + (item.over ? ' over' : ''), text: item.length + ' / ' + item.limit + (item.over ? ' — over the limit' : '') }),
      ];
      item.media.forEach(function (m) {
        parts.push(el('figure', {}, [
          m.exists ? el('img', { src: m.file, alt: m.alt || '' }) : null,
          el('figcaption', { text: (m.alt ? 'Alt text: ' + m.alt : 'No alt text') + (m.exists ? '' : ' (file missing: ' + m.file + ')') }),
        ]));
      });
      return el('div', { 'class': i ? 'thread' : 'main' }, parts);
    });
    var published = a.publish
      ? el('div', { 'class': 'state' }, [a.publish.state + (a.publish.at ? ' ' + a.publish.at.slice(0, 16).replace('T', ' ') + ' UTC' : '') + ' ', webUrl(a.publish.url) ? el('a', { href: webUrl(a.publish.url), rel: 'noreferrer', target: '_blank', text: 'view post' }) : (a.publish.url ? el('span', { 'class': 'url', text: a.publish.url }) : null)])
      : el('div', { 'class': 'state', text: 'not published yet' });
    return el('section', { 'class': 'card', 'data-account': a.name }, [
      el('h3', {}, [dot(a.name), a.name, el('span', { 'class': 'len', text: a.platform + (a.handle ? ' · ' + a.handle : '') + (a.offsetMinutes ? ' · at ' + a.local + ' (staggered)' : '') })]),
    ].concat(items).concat([published]));
  }

  function render() {
    readHash();
    var y = Number(state.month.slice(0, 4));
    document.getElementById('period').textContent = MONTHS[Number(state.month.slice(5, 7)) - 1] + ' ' + y;
    document.getElementById('zone').textContent = 'times in ' + data.timezone;
    document.getElementById('show-month').setAttribute('aria-pressed', String(state.view === 'month'));
    document.getElementById('show-list').setAttribute('aria-pressed', String(state.view === 'list'));
    document.getElementById('campaign').value = state.campaign;
    var main = document.getElementById('main');
    main.textContent = '';
    // The month grid shows the edges of the months around it too.
    var months = state.view === 'list' ? [state.month] : [shiftMonth(-1), state.month, shiftMonth(1)];
    var missing = months.filter(function (m) { return !need('posts', m); });
    if (missing.length) { main.appendChild(el('p', { 'class': 'empty', text: 'Loading ' + missing.join(', ') + '…' })); return; }
    if (state.view === 'list') renderList(main); else renderMonth(main);
    renderDetail();
  }

  var select = document.getElementById('campaign');
  data.campaigns.forEach(function (c) { select.appendChild(el('option', { value: c.id, text: c.name })); });
  select.addEventListener('change', function () { go({ campaign: select.value }); });
  document.getElementById('prev').addEventListener('click', function () { go({ month: shiftMonth(-1) }); });
  document.getElementById('next').addEventListener('click', function () { go({ month: shiftMonth(1) }); });
  document.getElementById('show-month').addEventListener('click', function () { go({ view: 'month' }); });
  document.getElementById('show-list').addEventListener('click', function () { go({ view: 'list' }); });
  document.getElementById('detail').addEventListener('click', function (e) { if (e.target.id === 'detail') go({ post: '' }); });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && state.post) go({ post: '' }); });
  window.addEventListener('hashchange', render);
  render();
})();
`;
