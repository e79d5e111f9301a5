// The monitor's dashboard: polls the monitor's own API every two seconds and redraws. No framework, no network
// beyond the monitor itself.

interface PartitionRange {
  partition: number;
  start: number;
  end: number;
}
interface Topic {
  topic: string;
  partitions: PartitionRange[];
  messages: number;
  producedPerSecond: number;
}
interface Group {
  group: string;
  state: string;
  members: string[] | 'unknown';
  topics: string[];
  status: string;
  lag: number;
  lagSeconds: number;
}
interface Point {
  at: number;
  produced: Record<string, number>;
  lag: Record<string, { messages: number; seconds: number }>;
}
interface Overview {
  sampledAt: string;
  topics: Topic[];
  groups: Group[];
  series: Point[];
  freshness: { stories: number; p50Seconds: number | null; p99Seconds: number | null };
}
interface DeadLetter {
  id: string;
  reason: string;
  error: string;
  key: string | null;
  failedAt: string;
}
interface Article {
  id: string;
  stage: string;
  requestId?: string;
  raw: { at: string };
  deadLetters: Array<{ reason: string; status: string }>;
}
interface BrowsedRecord {
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
}

const POLL_MS = 2000;
const COLORS = ['#2f6fbf', '#1f8a4c', '#c0392b', '#b7791f', '#7b4fbf', '#2a9d9d'];

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const apiKey = byId<HTMLInputElement>('api-key');
apiKey.value = localStorage.getItem('cleanwire-api-key') ?? '';
apiKey.addEventListener('change', () => localStorage.setItem('cleanwire-api-key', apiKey.value));

function cell(content: string | Node, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  if (typeof content === 'string') td.textContent = content;
  else td.append(content);
  if (className) td.className = className;
  return td;
}

function badge(text: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `badge ${text}`;
  span.textContent = text;
  return span;
}

function fillRows(tableId: string, rows: HTMLTableCellElement[][], empty: string): void {
  const body = byId<HTMLTableElement>(tableId).tBodies[0]!;
  body.replaceChildren(
    ...(rows.length > 0 ? rows : [[cell(empty, 'muted')]]).map((cells, index) => {
      const tr = document.createElement('tr');
      tr.append(...cells);
      tr.dataset.row = String(index);
      return tr;
    }),
  );
}

const number = (value: number): string => value.toLocaleString('en');
const seconds = (value: number | null): string =>
  value === null ? '–' : value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(1)} s`;
const time = (iso: string): string => new Date(iso).toLocaleTimeString('en-GB');

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? response.statusText);
  return body;
}

function drawChart(
  svgId: string,
  legendId: string,
  points: Point[],
  read: (point: Point) => Record<string, number>,
): void {
  const svg = byId(svgId) as unknown as SVGSVGElement;
  const names = [...new Set(points.flatMap((point) => Object.keys(read(point))))].sort();
  const max = Math.max(1, ...points.flatMap((point) => Object.values(read(point))));
  const first = points[0]?.at ?? 0;
  const span = Math.max(1, (points[points.length - 1]?.at ?? 1) - first);
  const ns = 'http://www.w3.org/2000/svg';
  const children: SVGElement[] = [];
  names.forEach((name, index) => {
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLORS[index % COLORS.length]!);
    line.setAttribute('stroke-width', '2');
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    line.setAttribute(
      'points',
      points
        .map((point) => `${((point.at - first) / span) * 600},${145 - ((read(point)[name] ?? 0) / max) * 135}`)
        .join(' '),
    );
    children.push(line);
  });
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', '2');
  label.setAttribute('y', '10');
  label.textContent = `max ${number(Math.round(max * 10) / 10)}`;
  children.push(label);
  svg.replaceChildren(...children);
  byId(legendId).replaceChildren(
    ...names.map((name, index) => {
      const span = document.createElement('span');
      const swatch = document.createElement('i');
      swatch.style.background = COLORS[index % COLORS.length]!;
      span.append(swatch, name);
      return span;
    }),
  );
}

function renderOverview(overview: Overview): void {
  byId('sampled').textContent = `sampled ${time(overview.sampledAt)}`;
  byId('fresh-p50').textContent = seconds(overview.freshness.p50Seconds);
  byId('fresh-p99').textContent = seconds(overview.freshness.p99Seconds);
  byId('fresh-count').textContent = number(overview.freshness.stories);
  fillRows(
    'topics',
    overview.topics.map((topic) => [
      cell(topic.topic),
      cell(String(topic.partitions.length), 'n'),
      cell(number(topic.messages), 'n'),
      cell(topic.producedPerSecond.toFixed(1), 'n'),
      cell(topic.partitions.map((p) => `${p.partition}: ${p.start}–${p.end}`).join('  '), 'muted'),
    ]),
    'no topic yet',
  );
  fillRows(
    'groups',
    overview.groups.map((group) => [
      cell(group.group),
      cell(badge(group.status)),
      cell(number(group.lag), 'n'),
      cell(group.lagSeconds.toFixed(1), 'n'),
      cell(group.members === 'unknown' ? `${group.state}` : `${group.state}, ${group.members.length} members`, 'muted'),
      cell(group.topics.join(', '), 'muted'),
    ]),
    'no group yet',
  );
  drawChart('throughput-chart', 'throughput-legend', overview.series, (point) =>
    Object.fromEntries(Object.entries(point.produced).filter(([topic]) => !topic.startsWith('dead-letters.'))),
  );
  drawChart('lag-chart', 'lag-legend', overview.series, (point) =>
    Object.fromEntries(Object.entries(point.lag).map(([group, lag]) => [group, lag.messages])),
  );
  const select = byId<HTMLSelectElement>('browse-topic');
  const topics = overview.topics.map((topic) => topic.topic);
  if (select.options.length !== topics.length) {
    const chosen = select.value;
    select.replaceChildren(...topics.map((topic) => new Option(topic, topic, false, topic === chosen)));
  }
}

function renderArticles(articles: Article[]): void {
  fillRows(
    'articles',
    articles.map((article) => [
      cell(article.id),
      cell(badge(article.stage)),
      cell(time(article.raw.at)),
      cell(article.requestId ?? '', 'muted'),
      cell(article.deadLetters.map((letter) => `${letter.reason} (${letter.status})`).join(', '), 'muted'),
    ]),
    'no article yet',
  );
}

async function act(action: 'replay' | 'discard', selection: object): Promise<void> {
  try {
    await api(`v1/dead-letters/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey.value}` },
      body: JSON.stringify(selection),
    });
    byId('notice').textContent = '';
  } catch (error) {
    byId('notice').textContent = `${action} failed: ${(error as Error).message}`;
  }
  await refresh();
}

function actionButton(label: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', onClick);
  return button;
}

function renderDeadLetters(letters: DeadLetter[]): void {
  fillRows(
    'dead-letters',
    letters.map((letter) => {
      const buttons = document.createElement('span');
      buttons.append(
        actionButton('Replay', () => void act('replay', { ids: [letter.id] })),
        ' ',
        actionButton('Discard', () => void act('discard', { ids: [letter.id] })),
      );
      return [
        cell(letter.id),
        cell(letter.reason),
        cell(letter.error, 'muted'),
        cell(letter.key ?? ''),
        cell(time(letter.failedAt)),
        cell(buttons),
      ];
    }),
    'no pending dead letter',
  );
}

byId('replay-all').addEventListener('click', () => void act('replay', { filter: {} }));

async function browse(): Promise<void> {
  const params = new URLSearchParams({ limit: '20' });
  for (const [name, id] of [
    ['key', 'browse-key'],
    ['partition', 'browse-partition'],
    ['offset', 'browse-offset'],
  ] as const) {
    const value = byId<HTMLInputElement>(id).value.trim();
    if (value !== '') params.set(name, value);
  }
  const topic = byId<HTMLSelectElement>('browse-topic').value;
  try {
    const { records } = await api<{ records: BrowsedRecord[] }>(
      `v1/topics/${encodeURIComponent(topic)}/messages?${params.toString()}`,
    );
    fillRows(
      'records',
      records.map((record) => {
        const value = document.createElement('pre');
        value.textContent = typeof record.value === 'string' ? record.value : JSON.stringify(record.value, null, 1);
        return [
          cell(String(record.partition), 'n'),
          cell(String(record.offset), 'n'),
          cell(time(record.timestamp)),
          cell(record.key ?? ''),
          cell(
            Object.entries(record.headers)
              .map(([name, text]) => `${name}: ${text}`)
              .join('\n'),
            'muted',
          ),
          cell(value),
        ];
      }),
      'no record',
    );
  } catch (error) {
    fillRows('records', [], `cannot read ${topic}: ${(error as Error).message}`);
  }
}

byId<HTMLFormElement>('browse').addEventListener('submit', (event) => {
  event.preventDefault();
  void browse();
});

async function refresh(): Promise<void> {
  try {
    const [overview, letters, articles] = await Promise.all([
      api<Overview>('v1/overview'),
      api<{ deadLetters: DeadLetter[] }>('v1/dead-letters?status=pending&limit=50'),
      api<{ articles: Article[] }>('v1/articles?limit=8'),
    ]);
    renderOverview(overview);
    renderDeadLetters(letters.deadLetters);
    renderArticles(articles.articles);
    document.body.dataset.refreshed = overview.sampledAt;
  } catch (error) {
    byId('sampled').textContent = `cannot reach the monitor: ${(error as Error).message}`;
  }
}

async function poll(): Promise<void> {
  await refresh();
  setTimeout(() => void poll(), POLL_MS);
}

void poll();
