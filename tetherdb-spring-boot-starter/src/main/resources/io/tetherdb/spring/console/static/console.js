// The TetherDB console's page. Every value from a store is user data: it reaches the page only as
// text (textContent, text nodes, input values), never as HTML.
'use strict';

(function () {
  const API = 'api';
  const meta = (name) => {
    const tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.getAttribute('content') : '';
  };
  const TOKEN = meta('tetherdb-console-token');
  const CSRF_HEADER = meta('tetherdb-csrf-header');
  const CSRF_TOKEN = meta('tetherdb-csrf-token');
  const MAX_COLUMNS = 8;

  const state = {
    settings: null,
    store: null,
    collection: null,
    skip: 0,
    total: 0,
    query: null,
    document: null,
    polling: null
  };

  const $ = (id) => document.getElementById(id);

  /** Builds an element; string children become text nodes. */
  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    for (const child of children) {
      if (child === null || child === undefined) {
        continue;
      }
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  const number = new Intl.NumberFormat('en');

  function bytes(n) {
    if (n < 1024) {
      return number.format(n) + ' B';
    }
    const units = ['KB', 'MB', 'GB', 'TB'];
    let value = n / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return value.toFixed(1) + ' ' + units[unit];
  }

  // ---- the API

  class Problem extends Error {
    constructor(body, status) {
      super((body && body.detail) || ('HTTP ' + status));
      this.body = body || {};
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (method !== 'GET') {
      headers['X-TetherDB-Console-Token'] = TOKEN;
      if (CSRF_HEADER && CSRF_TOKEN) {
        headers[CSRF_HEADER] = CSRF_TOKEN;
      }
    }
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin' });
    const type = response.headers.get('Content-Type') || '';
    const parsed = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
      throw new Problem(parsed, response.status);
    }
    return parsed;
  }

  const storePath = () => '/stores/' + encodeURIComponent(state.store);
  const collectionPath = () => storePath() + '/collections/' + encodeURIComponent(state.collection);

  function problemText(problem) {
    const body = problem.body || {};
    return (body.title ? body.title + ' (' + problem.status + '): ' : '') + problem.message;
  }

  /** Shows a problem, and where the text it names went wrong: the line and a caret under the column. */
  function showProblem(box, textNode, positionNode, problem, source) {
    textNode.textContent = problemText(problem);
    const body = problem.body || {};
    clear(positionNode);
    if (source && typeof body.offset === 'number') {
      const text = source.value;
      const offset = Math.min(body.offset, text.length);
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      let lineEnd = text.indexOf('\n', offset);
      if (lineEnd < 0) {
        lineEnd = text.length;
      }
      const line = text.substring(lineStart, lineEnd);
      const column = offset - lineStart;
      const marker = ' '.repeat(column) + '^'.repeat(Math.max(1, body.length || 1));
      positionNode.textContent = line + '\n' + marker + '  at ' + (body.line ? 'line ' + body.line + ', column '
        + body.column : 'character ' + (offset + 1));
      show(positionNode, true);
      source.focus();
      source.setSelectionRange(offset, Math.min(text.length, offset + Math.max(1, body.length || 1)));
    } else {
      show(positionNode, false);
    }
    show(box, true);
  }

  // ---- the store

  async function loadSettings() {
    state.settings = await api('GET', '');
    const select = $('store-select');
    clear(select);
    for (const name of state.settings.stores) {
      select.append(el('option', null, name));
    }
    state.store = state.settings.stores[0] || null;
    const writes = state.settings.allowWrites;
    $('mode').textContent = writes ? 'writes allowed' : 'read-only';
    $('mode').classList.toggle('danger', writes);
    document.body.classList.toggle('read-only', !writes);
    const backup = $('backup');
    backup.disabled = !state.settings.backupDirectory;
    backup.title = state.settings.backupDirectory ? 'Into ' + state.settings.backupDirectory
      : 'Set tetherdb.backup.directory to take backups';
  }

  async function loadStore() {
    if (!state.store) {
      return;
    }
    const store = await api('GET', storePath());
    $('store-name').textContent = store.name;
    const facts = $('store-facts');
    clear(facts);
    const fact = (name, value, id, className) => {
      const dd = el('dd', className || null, value);
      if (id) {
        dd.id = id;
      }
      facts.append(el('dt', null, name), dd);
    };
    fact('Health', store.health.status + (store.health.detail ? ' — ' + store.health.detail : ''), 'store-health',
      store.health.status === 'UP' ? 'up' : 'down');
    fact('File', store.inMemory ? 'in memory' : store.path, 'store-path');
    fact('Size', store.inMemory ? '–' : bytes(store.fileSize) + ' (' + store.liveDataPercent + '% live data)');
    fact('Documents', number.format(store.documents) + ' in ' + number.format(store.collections) + ' collection(s)',
      'store-documents');
    fact('Expiring', number.format(store.expiring) + ' document(s) with an expiry time');
    fact('Commits', number.format(store.commits) + (store.lastCommit ? ', last at ' + store.lastCommit : ''));
    fact('Format', 'version ' + store.formatVersion + (store.encrypted ? ', encrypted' : '')
      + (store.readOnly ? ', opened read-only' : ''));
    fact('Activity', number.format(store.reads) + ' reads by id, ' + number.format(store.documentsExamined)
      + ' documents examined, ' + number.format(store.documentWrites) + ' document writes');
    fact('Background failures', number.format(store.backgroundFailures)
      + (store.lastBackgroundFailure ? ' — last: ' + store.lastBackgroundFailure : ''), 'store-failures',
      store.backgroundFailures > 0 ? 'down' : null);
  }

  async function loadCollections() {
    if (!state.store) {
      return;
    }
    const collections = await api('GET', storePath() + '/collections');
    const body = $('collections').tBodies[0];
    clear(body);
    let building = false;
    for (const collection of collections) {
      const link = el('button', 'link', collection.name);
      link.type = 'button';
      link.dataset.collection = collection.name;
      link.addEventListener('click', () => selectCollection(collection.name));
      const row = el('tr', collection.name === state.collection ? 'selected' : null,
        el('td', null, link),
        el('td', 'num', number.format(collection.documents)),
        el('td', 'num', number.format(collection.expiring)),
        el('td', null, indexList(collection)));
      row.dataset.collection = collection.name;
      body.append(row);
      building = building || collection.building.length > 0;
    }
    if (collections.length === 0) {
      body.append(el('tr', null, el('td', 'empty', 'No collections yet.')));
    }
    pollWhile(building);
  }

  function indexList(collection) {
    const list = el('ul', 'indexes');
    for (const index of collection.indexes) {
      const flags = [index.unique ? 'unique' : null, index.sparse ? 'sparse' : null,
        index.multikey ? 'multikey' : null].filter(Boolean).join(', ');
      const item = el('li', null, el('code', null, index.name), ' ', index.keys,
        flags ? ' (' + flags + ')' : '', ' — ' + number.format(index.entries) + ' entries');
      if (state.settings.allowWrites) {
        const drop = el('button', 'small', 'Drop');
        drop.type = 'button';
        drop.addEventListener('click', () => dropIndex(collection.name, index.name));
        item.append(' ', drop);
      }
      list.append(item);
    }
    for (const build of collection.building) {
      const bar = el('progress');
      if (build.documentsTotal > 0) {
        bar.max = build.documentsTotal;
        bar.value = build.documentsRead;
      }
      list.append(el('li', 'building', 'building ', el('code', null, build.name), ' ', build.keys, ' ', bar,
        ' ' + number.format(build.documentsRead) + (build.documentsTotal >= 0 ? ' of '
          + number.format(build.documentsTotal) : '') + ' documents'));
    }
    if (collection.indexes.length === 0 && collection.building.length === 0) {
      list.append(el('li', 'empty', 'none'));
    }
    if (state.settings.allowWrites) {
      list.append(el('li', null, indexForm(collection.name)));
    }
    return list;
  }

  function indexForm(name) {
    const keys = el('input');
    keys.type = 'text';
    keys.placeholder = '{field: 1}';
    keys.className = 'index-keys';
    const unique = el('input');
    unique.type = 'checkbox';
    const create = el('button', 'small', 'Create index');
    create.type = 'button';
    create.addEventListener('click', async () => {
      // the list is redrawn while the index builds: the outcome goes to the store's status line
      const status = $('store-status');
      status.textContent = 'Building an index on ' + name + '…';
      pollWhile(true);
      try {
        const result = await api('POST', storePath() + '/collections/' + encodeURIComponent(name) + '/indexes',
          { keys: keys.value, unique: unique.checked });
        status.textContent = result.created ? 'Created the index ' + result.name + ' on ' + name
          : 'The index ' + result.name + ' exists already';
      } catch (problem) {
        status.textContent = problemText(problem);
      }
      await refreshStore();
    });
    return el('span', 'index-form', keys, ' ', el('label', null, unique, ' unique'), ' ', create);
  }

  async function dropIndex(collection, index) {
    try {
      await api('DELETE', storePath() + '/collections/' + encodeURIComponent(collection) + '/indexes/'
        + encodeURIComponent(index));
      $('store-status').textContent = 'Dropped the index ' + index + ' of ' + collection;
    } catch (problem) {
      $('store-status').textContent = problemText(problem);
    }
    await refreshStore();
  }

  /** While an index is being built, the collection list is read again every second. */
  function pollWhile(active) {
    if (active && !state.polling) {
      state.polling = setInterval(() => loadCollections().catch(() => {}), 1000);
    } else if (!active && state.polling) {
      clearInterval(state.polling);
      state.polling = null;
    }
  }

  async function refreshStore() {
    try {
      show($('load-error'), false);
      await loadStore();
      await loadCollections();
    } catch (problem) {
      $('load-error').textContent = problemText(problem);
      show($('load-error'), true);
    }
  }

  async function storeAction(path, describe) {
    const status = $('store-status');
    status.textContent = 'working…';
    try {
      status.textContent = describe(await api('POST', storePath() + path));
    } catch (problem) {
      status.textContent = problemText(problem);
    }
    await refreshStore();
  }

  // ---- documents

  function selectCollection(name) {
    state.collection = name;
    state.skip = 0;
    $('collection-name').textContent = name;
    for (const row of $('collections').tBodies[0].rows) {
      row.classList.toggle('selected', row.dataset.collection === name);
    }
    show($('documents-section'), true);
    show($('aggregate-section'), true);
    show($('document-section'), false);
    show($('plan'), false);
    runQuery();
  }

  function currentQuery() {
    return {
      filter: $('filter').value,
      sort: $('sort').value,
      projection: $('projection').value,
      limit: $('page-size').value
    };
  }

  function queryString(query, skip) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value) {
        params.set(name, value);
      }
    }
    params.set('skip', String(skip));
    return '?' + params.toString();
  }

  function queryField(problem) {
    const field = (problem.body || {}).field;
    return field === 'sort' ? $('sort') : field === 'projection' ? $('projection') : $('filter');
  }

  async function runQuery() {
    state.query = currentQuery();
    await loadPage();
  }

  async function loadPage() {
    show($('query-error'), false);
    const body = $('results').tBodies[0];
    try {
      const page = await api('GET', collectionPath() + '/documents' + queryString(state.query, state.skip));
      state.total = page.total;
      renderResults(page);
    } catch (problem) {
      clear(body);
      clear($('results').tHead.rows[0]);
      $('result-summary').textContent = '';
      $('prev-page').disabled = true;
      $('next-page').disabled = true;
      showProblem($('query-error'), $('query-error-text'), $('query-error-position'), problem, queryField(problem));
    }
  }

  function summary(node) {
    switch (node.type) {
      case 'object':
        return '{…' + node.fields.length + ' field' + (node.fields.length === 1 ? '' : 's') + '}';
      case 'array':
        return '[…' + node.items.length + ']';
      case 'null':
        return 'null';
      default:
        return node.value;
    }
  }

  function renderResults(page) {
    const columns = [];
    for (const doc of page.documents) {
      for (const field of doc.tree.fields) {
        if (!columns.includes(field.name) && columns.length < MAX_COLUMNS) {
          columns.push(field.name);
        }
      }
    }
    const head = $('results').tHead.rows[0];
    clear(head);
    for (const column of columns) {
      head.append(el('th', null, column));
    }
    const body = $('results').tBodies[0];
    clear(body);
    for (const doc of page.documents) {
      const row = el('tr');
      for (const column of columns) {
        const field = doc.tree.fields.find((f) => f.name === column);
        row.append(el('td', field ? 'type-' + field.type : 'missing', field ? summary(field) : ''));
      }
      row.addEventListener('click', () => openDocument(doc));
      body.append(row);
    }
    const first = page.documents.length ? page.skip + 1 : 0;
    const last = page.skip + page.documents.length;
    $('result-summary').textContent = page.total === 0 ? 'No matching documents'
      : number.format(first) + '–' + number.format(last) + ' of ' + number.format(page.total) + ' matching documents';
    $('prev-page').disabled = page.skip === 0;
    $('next-page').disabled = last >= page.total;
  }

  async function explainQuery() {
    show($('query-error'), false);
    const query = currentQuery();
    try {
      const plan = await api('GET', collectionPath() + '/explain' + queryString(query, state.skip));
      const facts = $('plan-facts');
      clear(facts);
      const fact = (name, value, id) => {
        const dd = el('dd', null, value);
        if (id) {
          dd.id = id;
        }
        facts.append(el('dt', null, name), dd);
      };
      fact('Stage', plan.stage, 'plan-stage');
      fact('Index', plan.index || '–', 'plan-index');
      fact('Bounds', plan.bounds || '–');
      fact('Keys examined', number.format(plan.keysExamined));
      fact('Documents examined', number.format(plan.documentsExamined));
      fact('Returned', number.format(plan.returned));
      const steps = $('plan-steps');
      clear(steps);
      for (const step of plan.steps) {
        steps.append(el('li', null, step));
      }
      show($('plan'), true);
    } catch (problem) {
      show($('plan'), false);
      showProblem($('query-error'), $('query-error-text'), $('query-error-position'), problem, queryField(problem));
    }
  }

  // ---- one document

  function treeNode(node, name) {
    const label = name === undefined ? null : el('span', 'key', name);
    if (node.type === 'object' || node.type === 'array') {
      const children = node.type === 'object' ? node.fields : node.items;
      const details = el('details', 'node');
      details.open = true;
      details.append(el('summary', null, label, label ? ': ' : '', el('span', 'type', summary(node))));
      const list = el('ul');
      children.forEach((child, i) => list.append(el('li', null, treeNode(child, node.type === 'object' ? child.name
        : String(i)))));
      details.append(list);
      return details;
    }
    return el('span', 'leaf', label, label ? ': ' : '', el('span', 'value type-' + node.type,
      node.type === 'string' ? '"' + node.value + '"' : summary(node)), ' ', el('span', 'type', node.type));
  }

  function openDocument(doc) {
    state.document = doc;
    $('document-title').textContent = 'Document ' + (doc.id === null ? '(no _id)' : doc.id);
    const tree = $('document-tree');
    clear(tree);
    tree.append(treeNode(doc.tree));
    $('document-json').textContent = doc.json;
    $('document-status').textContent = '';
    show($('document-problem'), false);
    show($('editor'), false);
    show($('document-section'), true);
    $('document-section').scrollIntoView({ block: 'nearest' });
  }

  function editDocument(text, inserting) {
    state.inserting = inserting;
    $('document-editor').value = text;
    $('save-document').textContent = inserting ? 'Insert' : 'Save';
    show($('editor'), true);
    show($('document-section'), true);
    $('document-editor').focus();
  }

  async function saveDocument() {
    const text = $('document-editor').value;
    const status = $('document-status');
    show($('document-problem'), false);
    try {
      if (state.inserting) {
        const written = await api('POST', collectionPath() + '/documents', text);
        status.textContent = 'Inserted ' + written.id;
        const doc = await api('GET', collectionPath() + '/document?id=' + encodeURIComponent(written.id));
        openDocument(doc);
        status.textContent = 'Inserted ' + written.id;
      } else {
        const id = state.document.id;
        await api('PUT', collectionPath() + '/document?id=' + encodeURIComponent(id), text);
        const doc = await api('GET', collectionPath() + '/document?id=' + encodeURIComponent(id));
        openDocument(doc);
        status.textContent = 'Saved ' + id;
      }
      await loadPage();
      await refreshStore();
    } catch (problem) {
      const box = $('document-problem');
      box.textContent = problemText(problem);
      show(box, true);
    }
  }

  async function deleteDocument() {
    const id = state.document.id;
    if (!window.confirm('Delete the document ' + id + '?')) {
      return;
    }
    try {
      await api('DELETE', collectionPath() + '/document?id=' + encodeURIComponent(id));
      show($('editor'), false);
      clear($('document-tree'));
      $('document-json').textContent = '';
      $('document-status').textContent = 'Deleted ' + id;
      await loadPage();
      await refreshStore();
    } catch (problem) {
      const box = $('document-problem');
      box.textContent = problemText(problem);
      show(box, true);
    }
  }

  // ---- aggregation

  async function runPipeline(explain) {
    show($('pipeline-error'), false);
    const results = $('pipeline-results');
    clear(results);
    $('pipeline-summary').textContent = '';
    try {
      const result = await api('POST', collectionPath() + '/aggregate', { pipeline: $('pipeline').value, explain });
      if (explain) {
        results.append(treeNode(result.explain, 'plan'));
        return;
      }
      $('pipeline-summary').textContent = number.format(result.documents.length) + ' result(s)'
        + (result.truncated ? ' (the first ' + number.format(state.settings.maxResults) + ')' : '');
      for (const doc of result.documents) {
        results.append(el('div', 'result', treeNode(doc.tree)));
      }
    } catch (problem) {
      showProblem($('pipeline-error'), $('pipeline-error-text'), $('pipeline-error-position'), problem,
        $('pipeline'));
    }
  }

  // ---- start

  function wire() {
    $('refresh').addEventListener('click', () => refreshStore().then(() => state.collection && loadPage()));
    $('store-select').addEventListener('change', (e) => {
      state.store = e.target.value;
      state.collection = null;
      show($('documents-section'), false);
      show($('aggregate-section'), false);
      show($('document-section'), false);
      refreshStore();
    });
    $('query-form').addEventListener('submit', (e) => {
      e.preventDefault();
      state.skip = 0;
      show($('plan'), false);
      runQuery();
    });
    $('explain-query').addEventListener('click', explainQuery);
    $('prev-page').addEventListener('click', () => {
      state.skip = Math.max(0, state.skip - Number(state.query.limit));
      loadPage();
    });
    $('next-page').addEventListener('click', () => {
      state.skip += Number(state.query.limit);
      loadPage();
    });
    $('cleanup').addEventListener('click', () => storeAction('/cleanup',
      (r) => 'Expiry sweep removed ' + number.format(r.count) + ' document(s)'));
    $('backup').addEventListener('click', () => storeAction('/backup',
      (r) => 'Backup written to ' + r.file + ' (' + number.format(r.documents) + ' documents, ' + bytes(r.bytes) + ')'));
    $('new-document').addEventListener('click', () => editDocument('{\n  \n}', true));
    $('edit-document').addEventListener('click', () => editDocument(state.document.json, false));
    $('save-document').addEventListener('click', saveDocument);
    $('cancel-edit').addEventListener('click', () => show($('editor'), false));
    $('delete-document').addEventListener('click', deleteDocument);
    $('run-pipeline').addEventListener('click', () => runPipeline(false));
    $('explain-pipeline').addEventListener('click', () => runPipeline(true));
  }

  async function start() {
    wire();
    try {
      await loadSettings();
      await refreshStore();
      document.body.dataset.ready = 'true';
    } catch (problem) {
      $('load-error').textContent = problemText(problem);
      show($('load-error'), true);
    }
  }

  start();
}());
