/* Dashboard of the TetherDB sample app: plain DOM and Chart.js, everything served by the app. */
'use strict';

const state = { sensors: [], selected: null, chart: null };
const $ = (id) => document.getElementById(id);

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(body?.detail || `${response.status} ${response.statusText}`);
    error.problem = body;
    throw error;
  }
  return body;
}

function formatTime(ts) {
  return new Date(ts).toISOString().replace('T', ' ').slice(0, 19);
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatNumber(value) {
  return value == null ? '–' : Number(value).toLocaleString('en', { maximumFractionDigits: 1 });
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fillReadings(table, readings) {
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const reading of readings) {
    readingRow(body, reading, -1);
  }
}

/** Adds a reading at the top of a table, keeping at most max rows. */
function prependReading(table, reading, max) {
  const body = table.tBodies[0];
  const row = readingRow(body, reading, 0);
  row.classList.add('fresh');
  while (body.rows.length > max) body.deleteRow(-1);
}

function readingRow(body, reading, index) {
  const row = body.insertRow(index);
  row.dataset.id = reading._id;
  cell(row, formatTime(reading.ts));
  cell(row, reading.sensorId);
  cell(row, reading.type);
  cell(row, formatNumber(reading.value), 'num');
  cell(row, reading.unit);
  cell(row, reading.location ?? '');
  const tags = cell(row, '');
  for (const tag of reading._tags ?? []) {
    const span = document.createElement('span');
    span.className = tag === 'alert' ? 'tag alert' : 'tag';
    span.textContent = tag;
    tags.append(span);
  }
  cell(row, reading._id, 'id');
  return row;
}

async function loadStore() {
  const [health, store] = await Promise.allSettled([getJson('api/store/health'), getJson('api/store')]);
  const pill = $('health');
  if (health.status === 'fulfilled') {
    pill.textContent = `TetherDB ${health.value.status}`;
    pill.className = `pill ${health.value.status === 'UP' ? 'up' : 'down'}`;
  } else {
    pill.textContent = 'unreachable';
    pill.className = 'pill down';
  }
  if (store.status === 'fulfilled') {
    const info = store.value;
    $('store-size').textContent = `${info.readings.toLocaleString('en')} readings · ${info.sensors} sensors · `
      + `${info.backend === 'mongodb' ? 'on MongoDB' : info.inMemory ? 'in memory'
        : formatBytes(info.fileSize) + ' in ' + info.fileName}`;
    $('store-size').title = `Retention ${info.retention}; ${info.commits} commits since start`;
  } else {
    // a failed store answers 503 with a problem that says so
    $('store-size').textContent = store.reason.problem?.detail ?? store.reason.message;
    $('store-size').title = '';
  }
}

async function loadSensors() {
  const [sensors, statistics] = await Promise.all([getJson('api/sensors'), getJson('api/statistics?window=24h')]);
  const byId = new Map(statistics.map((s) => [s.sensorId, s]));
  const ids = [...new Set([...sensors.map((s) => s.id), ...statistics.map((s) => s.sensorId)])].sort();
  state.sensors = ids.map((id) => ({ id, sensor: sensors.find((s) => s.id === id), stats: byId.get(id) }));
  if (!state.selected || !ids.includes(state.selected)) state.selected = ids[0] ?? null;

  const cards = $('sensor-cards');
  cards.replaceChildren();
  for (const { id, sensor, stats } of state.sensors) {
    const card = document.createElement('div');
    card.className = id === state.selected ? 'card selected' : 'card';
    card.dataset.sensor = id;
    const unit = stats?.unit ?? sensor?.unit ?? '';
    card.innerHTML = '<div class="name"></div><div class="latest"></div><div class="meta"></div>';
    card.querySelector('.name').textContent = id;
    card.querySelector('.latest').textContent = stats?.latest != null ? `${formatNumber(stats.latest)} ${unit}` : '–';
    card.querySelector('.meta').textContent = stats?.count
      ? `${stats.count} readings · min ${formatNumber(stats.min)} · avg ${formatNumber(stats.average)} · max ${formatNumber(stats.max)}`
      : 'no readings in 24 h';
    card.addEventListener('click', () => selectSensor(id));
    cards.append(card);
  }

  const select = $('sensor-select');
  select.replaceChildren(...ids.map((id) => new Option(id, id, false, id === state.selected)));
}

function selectSensor(id) {
  state.selected = id;
  $('sensor-select').value = id;
  for (const card of $('sensor-cards').children) card.classList.toggle('selected', card.dataset.sensor === id);
  loadChart();
}

async function loadChart() {
  if (!state.selected) {
    $('chart-note').textContent = 'No sensors yet: POST readings to /api/readings, or start with --demo.';
    return;
  }
  const span = $('window-select').value;
  const series = await getJson(`api/sensors/${encodeURIComponent(state.selected)}/series?window=${span}&points=300`);
  const data = series.points.map((p) => ({ x: p.ts, y: p.value }));
  state.longWindow = series.to - series.from > 36 * 3600 * 1000;
  const label = `${series.sensorId} (${series.unit ?? ''})`;
  if (!state.chart) {
    state.chart = new Chart($('chart'), {
      type: 'line',
      data: { datasets: [{ label, data, borderColor: '#2f6fdf', backgroundColor: 'rgba(47,111,223,0.12)',
        fill: true, pointRadius: 0, borderWidth: 2, tension: 0.25 }] },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', min: series.from, max: series.to,
            ticks: { maxTicksLimit: 8, callback: (v) => tickLabel(v, state.longWindow) } },
          y: { title: { display: true, text: series.unit ?? '' } },
        },
        plugins: { tooltip: { callbacks: { title: (items) => formatTime(items[0].parsed.x) } } },
      },
    });
  } else {
    const chart = state.chart;
    chart.data.datasets[0].data = data;
    chart.data.datasets[0].label = label;
    chart.options.scales.x.min = series.from;
    chart.options.scales.x.max = series.to;
    chart.options.scales.y.title.text = series.unit ?? '';
    chart.update();
  }
  $('chart-note').textContent = series.readings > series.points.length
    ? `${series.readings} readings, averaged into ${series.points.length} points.`
    : `${series.readings} readings.`;
}

function tickLabel(ts, longWindow) {
  const iso = new Date(ts).toISOString();
  return longWindow ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

async function runQuery(event) {
  event?.preventDefault();
  const error = $('query-error');
  error.hidden = true;
  try {
    const page = await getJson('api/readings/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filter: $('filter').value, sort: $('sort').value, page: 0, size: Number($('size').value) }),
    });
    fillReadings($('query-results'), page.items);
    $('query-summary').textContent = `${page.total} matching readings; showing ${page.items.length}.`;
  } catch (e) {
    fillReadings($('query-results'), []);
    $('query-summary').textContent = '';
    error.textContent = e.problem ? `${e.problem.title ?? 'Error'} (${e.problem.status}): ${e.problem.detail}` : e.message;
    error.hidden = false;
  }
}

async function loadRecent() {
  const page = await getJson('api/readings?size=15');
  fillReadings($('recent'), page.items);
}

/* Live updates: the store's change events, pushed by the app as server-sent events. */
function connectLive() {
  const pill = $('live');
  const source = new EventSource('api/live/readings');
  let expired = 0;
  source.addEventListener('open', () => {
    pill.textContent = 'live';
    pill.className = 'pill up';
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself
    pill.textContent = 'live: reconnecting';
    pill.className = 'pill down';
  });
  source.addEventListener('reading', (e) => {
    const reading = JSON.parse(e.data);
    prependReading($('recent'), reading, 15);
    if (reading.sensorId === state.selected) scheduleChart();
  });
  source.addEventListener('expired', (e) => {
    const reading = JSON.parse(e.data);
    prependReading($('expired'), reading, 15);
    expired++;
    $('expired-note').textContent = `${expired} expired since this page opened; the latest first.`;
    for (const row of $('recent').tBodies[0].rows) {
      if (row.dataset.id === reading._id) row.classList.add('gone');
    }
  });
}

/* Redraws the chart at most once a second while readings of its sensor arrive. */
function scheduleChart() {
  if (state.chartPending) return;
  state.chartPending = true;
  setTimeout(() => {
    state.chartPending = false;
    loadChart();
  }, 1000);
}

function refresh() {
  return Promise.allSettled([loadStore(), loadRecent(), loadSensors().then(loadChart)]);
}

document.addEventListener('DOMContentLoaded', () => {
  $('query-form').addEventListener('submit', runQuery);
  $('sensor-select').addEventListener('change', (e) => selectSensor(e.target.value));
  $('window-select').addEventListener('change', loadChart);
  for (const link of document.querySelectorAll('[data-filter]')) {
    link.addEventListener('click', (e) => {
      e.preventDefault();
      $('filter').value = link.dataset.filter.replace('TODAY', new Date().toISOString().slice(0, 10));
      runQuery();
    });
  }
  refresh().then(() => runQuery());
  connectLive();
  setInterval(refresh, 15000);
});
