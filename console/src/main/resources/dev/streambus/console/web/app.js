'use strict';
// streambus console. Every value from Redis is put into the page as text (textContent / text nodes), never as HTML.
(function () {
  const $ = (id) => document.getElementById(id);
  let session = null;
  let selected = null;          // selected stream name
  let pendingGroup = null;      // group whose pending list is shown
  let entriesDir = 'reverse';
  let tailSource = null;
  let trimPending = null;
  let streamsCursor = null;

  /** Builds an element; string children become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return node;
  }
  const td = (cls, value) => el('td', {class: cls}, value === null || value === undefined
      ? el('span', {class: 'unknown'}, 'unknown') : String(value));
  const clear = (node) => { while (node.firstChild) node.removeChild(node.firstChild); return node; };
  let statusHeldUntil = 0;      // an action's result stays readable for a while before 'updated ...' replaces it
  function status(text, error) {
    const s = $('status'); s.textContent = text; s.className = error ? 'error' : '';
    if (text && !text.startsWith('updated ')) statusHeldUntil = Date.now() + 10000;
  }

  async function api(path, body) {
    const init = body === undefined ? {} : {method: 'POST', body: JSON.stringify(body),
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf}};
    const response = await fetch(path, init);
    const json = await response.json().catch(() => ({error: 'HTTP ' + response.status}));
    if (!response.ok) throw new Error(json.error || ('HTTP ' + response.status));
    return json;
  }
  const q = (params) => '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString();
  function act(promise, describe) {
    return promise.then((r) => { status(describe(r)); return refresh(); }).catch((e) => status(e.message, true));
  }
  const ms = (v) => v === null || v === undefined ? null : v < 1000 ? v + ' ms' : v < 120000 ? Math.round(v / 1000) + ' s' : Math.round(v / 60000) + ' min';
  const bytes = (v) => v === null || v === undefined ? null : v < 1024 ? v + ' B' : v < 1048576 ? (v / 1024).toFixed(1) + ' KiB' : (v / 1048576).toFixed(1) + ' MiB';

  function pretty(name, value) {
    if (name === 'data' || name === 'payload') {
      try { return el('pre', {}, JSON.stringify(JSON.parse(value), null, 2)); } catch (e) { /* not JSON */ }
    }
    return el('pre', {}, value);
  }
  function renderEntry(entry) {
    const dl = el('dl');
    for (const [name, value] of entry.fields) { dl.appendChild(el('dt', {}, name)); dl.appendChild(el('dd', {}, pretty(name, value))); }
    return el('div', {class: 'entry', 'data-id': entry.id}, el('span', {class: 'id'}, entry.id), dl);
  }

  // ---- overview
  async function loadStreams(cursor) {
    const page = await api('/api/streams' + q({cursor: cursor || '0'}));
    const body = $('streams').tBodies[0];
    if (!cursor) clear(body);
    for (const s of page.streams) {
      const pending = s.groups.reduce((n, g) => n + g.pending, 0);
      const row = el('tr', {class: 'clickable' + (s.stream === selected ? ' selected' : ''), 'data-stream': s.stream,
        onclick: () => select(s.stream)},
        td('stream', s.stream), td('length', s.length), td('first', s.firstId === null ? '-' : s.firstId),
        td('last', s.lastId), td('memory', bytes(s.memoryBytes)), td('retention', s.retention),
        td('groups', s.groups.length), td('pending', pending), td('deadletters', s.deadLetters));
      body.appendChild(row);
    }
    streamsCursor = page.nextCursor;
    $('streams-more').hidden = !page.nextCursor;
  }

  // ---- one stream
  function select(stream) {
    if (selected !== stream) { stopTail(); pendingGroup = null; clear($('entries')); }
    selected = stream;
    for (const r of $('streams').tBodies[0].rows) r.classList.toggle('selected', r.dataset.stream === stream);
    $('detail').hidden = false;
    $('detail-name').textContent = stream;
    refreshDetail().then(() => loadEntries(null)).catch((e) => status(e.message, true));
  }

  async function refreshDetail() {
    if (!selected) return;
    const s = await api('/api/stream' + q({stream: selected}));
    const box = clear($('groups'));
    const table = el('table', {id: 'group-table'}, el('thead', {}, el('tr', {}, ...['Group', 'Last delivered', 'Entries read', 'Lag', 'Pending', 'Consumers'].map((h) => el('th', {}, h)))));
    const body = el('tbody');
    for (const g of s.groups) {
      body.appendChild(el('tr', {class: 'clickable group', 'data-group': g.name, onclick: () => { pendingGroup = g.name; loadPending(null); }},
        td('name', g.name), td('delivered', g.lastDeliveredId), td('read', g.entriesRead), td('lag', g.lag),
        td('pending', g.pending), td('consumers', g.consumerCount)));
      const consumers = el('table', {class: 'consumers'}, el('thead', {}, el('tr', {}, ...['Consumer', 'Pending', 'Idle', 'Inactive'].map((h) => el('th', {}, h)))));
      const cb = el('tbody');
      for (const c of g.consumers) {
        cb.appendChild(el('tr', {class: 'consumer', 'data-group': g.name, 'data-consumer': c.name},
          td('name', c.name), td('pending', c.pending), td('idle', ms(c.idleMs)), td('inactive', ms(c.inactiveMs))));
      }
      consumers.appendChild(cb);
      body.appendChild(el('tr', {}, el('td', {colSpan: 6}, consumers)));
    }
    table.appendChild(body);
    box.appendChild(s.groups.length ? table : el('p', {}, 'No consumer groups.'));
    const names = s.groups.map((g) => g.name);
    for (const id of ['claim-group', 'handover-group']) {
      const select = $(id);
      if (Array.from(select.options).map((o) => o.value).join('\n') === names.join('\n')) continue;
      const keep = select.value; clear(select);
      for (const name of names) select.appendChild(el('option', {value: name}, name));
      if (keep && names.includes(keep)) select.value = keep;
    }
    if (!pendingGroup && s.groups.length) pendingGroup = s.groups[0].name;
    if (pendingGroup && !s.groups.some((g) => g.name === pendingGroup)) pendingGroup = null;
    await loadPending(null);
    await loadDeadLetters(null);
  }

  async function loadPending(after) {
    const body = $('pending').tBodies[0];
    $('pending-group').textContent = pendingGroup ? '(group ' + pendingGroup + ')' : '';
    if (!after) clear(body);
    if (!pendingGroup) { $('pending-more').hidden = true; return; }
    const page = await api('/api/pending' + q({stream: selected, group: pendingGroup, after: after, count: 50}));
    for (const p of page.pending) body.appendChild(el('tr', {'data-id': p.id}, td('id', p.id), td('consumer', p.consumer), td('idle', ms(p.idleMs)), td('deliveries', p.deliveries)));
    $('pending-more').hidden = !page.next;
    $('pending-more').onclick = () => loadPending(page.next);
  }

  async function loadEntries(after) {
    const page = await api('/api/entries' + q({stream: selected, dir: entriesDir, after: after, count: 20}));
    const box = $('entries');
    if (!after) clear(box);
    page.entries.forEach((e) => box.appendChild(renderEntry(e)));
    $('entries-more').hidden = !page.next;
    $('entries-more').onclick = () => loadEntries(page.next).catch((e) => status(e.message, true));
  }

  async function loadDeadLetters(after) {
    const page = await api('/api/deadletters' + q({stream: selected, after: after, count: 20}));
    const body = $('deadletters').tBodies[0];
    if (!after) clear(body);
    for (const d of page.deadLetters) {
      const replay = session.readOnly ? '' : el('button', {type: 'button', onclick: () => act(api('/api/deadletters/replay', {stream: selected, ids: [d.id]}),
        (r) => 'replayed ' + r.replayed.length)}, 'Replay');
      body.appendChild(el('tr', {'data-id': d.id}, td('id', d.id), td('original', d.originalId),
        td('who', (d.group || '-') + ' / ' + (d.consumer || '-')), td('deliveries', d.deliveries), td('reason', d.reason),
        td('at', d.at === null ? '-' : d.at), el('td', {}, replay)));
    }
    $('dlq-more').hidden = !page.next;
    $('dlq-more').onclick = () => loadDeadLetters(page.next);
  }

  function startTail() {
    const box = clear($('tail'));
    tailSource = new EventSource('/api/tail' + q({stream: selected}));
    tailSource.addEventListener('entry', (ev) => box.insertBefore(renderEntry(JSON.parse(ev.data)), box.firstChild));
    tailSource.addEventListener('error', (ev) => { if (ev.data) status(ev.data, true); });
    $('tail-toggle').textContent = 'Stop live tail';
  }
  function stopTail() {
    if (tailSource) tailSource.close();
    tailSource = null;
    $('tail-toggle').textContent = 'Start live tail';
  }

  // ---- failed messages and projections
  async function loadFailed() {
    const page = await api('/api/failed' + q({count: 50}));
    $('failed-total').textContent = String(page.total);
    const body = clear($('failed').tBodies[0]);
    for (const f of page.failed) body.appendChild(el('tr', {}, td('id', f.id), td('stream', f.stream), td('receiver', f.receiver), td('error', f.error), td('date', f.date)));
  }

  async function loadProjections() {
    if (!session.projections.length) return;
    const data = await api('/api/projections');
    const box = clear($('projections'));
    for (const p of data.projections) {
      const rows = p.streams.map((s) => el('tr', {'data-stream': s.stream}, td('stream', s.stream), td('last', s.lastId === null ? '-' : s.lastId),
        td('checkpoint', s.checkpoint === null ? '-' : s.checkpoint), td('lag', s.lag), td('pending', s.pending)));
      const rebuild = session.readOnly ? '' : el('button', {type: 'button', disabled: p.rebuild === 'running',
        onclick: () => act(api('/api/projections/rebuild', {name: p.name}), () => 'rebuild of ' + p.name + ' started')}, 'Rebuild');
      box.appendChild(el('div', {class: 'projection', 'data-projection': p.name},
        el('h3', {}, p.name + ' (group ' + p.group + ', ' + (p.running ? 'running' : 'stopped') + ', ' + p.state + ') '), rebuild,
        el('p', {class: 'progress'}, 'rebuild: ' + p.rebuild + (p.progress ? ' - ' + p.progress.text : '') + (p.message && !p.progress ? ' - ' + p.message : '')),
        el('table', {}, el('thead', {}, el('tr', {}, ...['Stream', 'Last id', 'Checkpoint', 'Group lag', 'Pending'].map((h) => el('th', {}, h)))), el('tbody', {}, ...rows))));
    }
  }

  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      await loadStreams(null);
      await refreshDetail();
      await loadFailed();
      await loadProjections();
      if (Date.now() > statusHeldUntil) status('updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      status(e.message, true);
    } finally {
      refreshing = false;
    }
  }

  function formValues(form) { return Object.fromEntries(new FormData(form).entries()); }

  function wire() {
    $('refresh').onclick = () => { status(''); refresh(); };
    $('streams-more').onclick = () => loadStreams(streamsCursor).catch((e) => status(e.message, true));
    $('entries-newest').onclick = () => { entriesDir = 'reverse'; loadEntries(null); };
    $('entries-oldest').onclick = () => { entriesDir = 'forward'; loadEntries(null); };
    $('tail-toggle').onclick = () => tailSource ? stopTail() : startTail();
    $('failed-retry').hidden = !session.retryAvailable;
    if (session.readOnly) return;
    for (const id of ['publish-section', 'group-actions', 'dlq-actions', 'failed-actions']) $(id).hidden = false;
    $('publish').onsubmit = (ev) => { ev.preventDefault(); const v = formValues(ev.target);
      act(api('/api/publish', {event: v.event, domain: v.domain, type: v.type, data: v.data}), (r) => 'published ' + r.stream + ' ' + r.id); };
    $('claim').onsubmit = (ev) => { ev.preventDefault(); const v = formValues(ev.target);
      act(api('/api/claim', {stream: selected, group: v.group, consumer: v.consumer, minIdleMs: v.minIdleMs, count: v.count}),
        (r) => 'claimed ' + r.claimed.length + ' (' + r.claimed.join(', ') + '); deleted ' + r.deleted.length); };
    $('handover').onsubmit = (ev) => { ev.preventDefault(); const v = formValues(ev.target);
      act(api('/api/handover', {stream: selected, group: v.group, from: v.from, to: v.to}),
        (r) => 'moved ' + r.moved + ', dropped ' + r.dropped + (r.removed ? ', consumer removed' : '')); };
    $('trim').onsubmit = (ev) => { ev.preventDefault(); const v = formValues(ev.target);
      api('/api/trim-preview' + q({stream: selected, strategy: v.strategy, threshold: v.threshold})).then((p) => {
        trimPending = {stream: selected, strategy: v.strategy, threshold: v.threshold};
        $('trim-text').textContent = 'Trim ' + p.stream + ' (' + p.length + ' entries) with ' + v.strategy + ' ~ ' + v.threshold
          + ': up to ' + p.entries + (p.entriesCapped ? '+' : '') + ' entries. '
          + (!p.pendingKnown ? 'Could not tell whether pending entries would be trimmed.'
            : p.pendingGroups.length ? 'PENDING entries of ' + p.pendingGroups.join(', ') + ' would be trimmed!' : 'No pending entry would be trimmed.');
        $('trim-preview').hidden = false;
      }).catch((e) => status(e.message, true)); };
    $('trim-confirm').onclick = () => { $('trim-preview').hidden = true;
      act(api('/api/trim', trimPending), (r) => 'trimmed ' + r.removed + ' entries'); };
    $('trim-cancel').onclick = () => { $('trim-preview').hidden = true; trimPending = null; };
    $('dlq-replay-all').onclick = () => act(api('/api/deadletters/replay', {stream: selected, all: true}), (r) => 'replayed ' + r.replayed.length);
    $('failed-retry').onclick = () => act(api('/api/failed/retry', {}), (r) => 'retried ' + r.outcomes.filter((o) => o.retried).length + ' of ' + r.outcomes.length);
    $('failed-flush').onclick = () => { if (confirm('Remove every failed-message record?')) act(api('/api/failed/flush', {}), (r) => 'removed ' + r.removed); };
    if (session.levers.length) {
      $('levers-section').hidden = false;
      const box = clear($('levers'));
      for (const l of session.levers) {
        const input = el('input', {value: String(l.value), size: 4, id: 'lever-' + l.name + '-value'});
        box.appendChild(el('div', {class: 'row'}, input, el('button', {type: 'button', id: 'lever-' + l.name,
          onclick: () => act(api('/api/levers', {name: l.name, value: input.value}), (r) => r.result)}, l.label)));
      }
    }
  }

  async function start() {
    session = await api('/api/session');
    $('mode').textContent = session.readOnly ? 'read-only' : '';
    $('projections-section').hidden = !session.projections.length;
    wire();
    await refresh();
    setInterval(() => { if ($('auto').checked) refresh(); }, 2000);
  }
  start().catch((e) => status(e.message, true));
})();
