/* eslint-disable no-console -- a developer script: it reports what it wrote */
// Writes the cleaning corpus: scraped-looking text dumps and, beside each, what a careful editor keeps.
// Every expected story is derived from how the article was composed (which lines are real paragraphs, which are the
// headline, a caption or page chrome), never from the cleaner's output. All text is original and fictional.
//
//   npm run build && node dist/test/corpus/cleaning/generate-corpus.js     (from the repository root)
//
// Deterministic: the same seed writes the same files. JSON is formatted with the repository's prettier settings.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { rng } from '../seeded-random';

/** What an editor keeps of one article. */
export interface ExpectedStory {
  headline: string;
  captions: string[];
  body: string[];
}

interface Article {
  /** The raw lines of the article as the scraper wrote them; '' is a blank line. */
  lines: string[];
  expected: ExpectedStory;
}

let random = rng(20250505);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number): boolean => random() < p;
function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const TOWNS = [
  'Elmbrook',
  'Port Calder',
  'Westhaven',
  'Marrow Falls',
  'Ashford Creek',
  'North Varen',
  'Coralton',
  'Beckridge',
  'Solano Bay',
  'Kettleby',
];
const PEOPLE = [
  'Mara Ellison',
  'Tomas Reyes',
  'Priya Natarajan',
  'Jonah Whitcombe',
  'Leila Haddad',
  'Oskar Brandt',
  'Nadia Ferreira',
  'Samuel Okafor',
  'Ines Varga',
  'Daniel Moreau',
  'Renée Dubé',
  'Chloé Martín',
];
const ROLES = ['Mayor', 'Council member', 'Transport director', 'Health commissioner', 'Harbor master', 'Fire chief'];
const TOPICS: ReadonlyArray<{ phrase: string; title: string }> = [
  { phrase: 'a new ferry schedule', title: 'New Ferry Schedule' },
  { phrase: 'the repair of the old river bridge', title: 'River Bridge Repair' },
  { phrase: 'a plan to expand the public library', title: 'Library Expansion' },
  { phrase: 'new rules for street markets', title: 'Street Market Rules' },
  { phrase: 'a water treatment upgrade', title: 'Water Treatment Upgrade' },
  { phrase: 'the budget for winter road clearing', title: 'Winter Road Budget' },
  { phrase: 'a network of protected bike lanes', title: 'Bike Lane Network' },
  { phrase: 'a flood barrier along the harbor', title: 'Harbor Flood Barrier' },
  { phrase: 'longer opening hours for the clinic', title: 'Longer Clinic Hours' },
  { phrase: 'a ban on night flights at the airfield', title: 'Night Flight Ban' },
];
const HEADLINE_FORMS = [
  (town: string, title: string) => `${town} Council Approves ${title}`,
  (town: string, title: string) => `${town} Residents Divided Over ${title}`,
  (town: string, title: string) => `${title} Delayed Again in ${town}`,
  (town: string, title: string) => `What the ${title} Means for ${town}`,
  (town: string, title: string) => `${town} Votes on ${title} After Long Debate`,
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'September', 'October', 'November'];
const STREETS = ['Mill', 'Orchard', 'Quarry', 'Lantern', 'Fenwick', 'Harbor'];
const CREDITS = [
  ' (Reuters)',
  ' (AFP)',
  ' (Archive – Government Media)',
  ' (Asharq Al-Awsat)',
  ' (AP Photo/Ines Varga)',
  '. Photo: Daniel Moreau',
];
const WIDGETS = [
  'TT',
  '20',
  'Share',
  'Tweet',
  'Print',
  'A+',
  'A-',
  'Email',
  'WhatsApp',
  'Facebook',
  '1.2K',
  'Copy link',
  'Share | Tweet | Email',
];

interface Context {
  town: string;
  person: string;
  other: string;
  role: string;
  topic: { phrase: string; title: string };
  day: string;
}

function newContext(): Context {
  const person = pick(PEOPLE);
  return {
    town: pick(TOWNS),
    person,
    other: pick(PEOPLE.filter((name) => name !== person)),
    role: pick(ROLES),
    topic: pick(TOPICS),
    day: pick(DAYS),
  };
}

const SENTENCES: ReadonlyArray<(c: Context) => string> = [
  (c) => `The ${c.town} council voted ${int(5, 9)} to ${int(1, 4)} on ${c.day} to approve ${c.topic.phrase}.`,
  (c) => `${c.role} ${c.person} said the decision would take effect in ${pick(MONTHS)}.`,
  () =>
    `Opponents argued that the cost, estimated at ${int(2, 40)} million, was too high for a town of ${int(8, 90)},000 residents.`,
  () => `Supporters pointed to a survey in which ${int(51, 78)} percent of respondents backed the idea.`,
  () => `Work is expected to begin after the spring thaw and to last about ${int(3, 18)} months.`,
  (c) => `“We listened to every comment,” ${c.person} told a packed meeting hall.`,
  (c) => `A public hearing on the details is planned for ${pick(DAYS.filter((d) => d !== c.day))} evening.`,
  () => 'Local businesses have asked for clear signs and steady access during the construction period.',
  () => `A similar measure failed by a single vote in ${int(2009, 2021)}.`,
  () => 'Several residents said they first learned of the plan through a neighborhood newsletter.',
  () => 'The regional government has promised to cover part of the cost through a grant.',
  () => `Critics also raised concerns about noise near the school on ${pick(STREETS)} Street.`,
  (c) => `${c.other}, who runs a bakery near the square, said the goverment should have asked traders first.`,
  () => 'Officials said the plan had been revised twice after feedback from residents.',
  () => 'A final report will be published once the work is complete.',
  (c) => `${c.other} said the the town had waited long enough for an answer.`,
  () => `The council will review the first results in ${pick(MONTHS)} and may adjust the timetable.`,
];

function paragraph(c: Context): string {
  const count = int(2, 4);
  const used = new Set<number>();
  const parts: string[] = [];
  while (parts.length < count) {
    const index = int(0, SENTENCES.length - 1);
    if (used.has(index)) continue;
    used.add(index);
    parts.push((SENTENCES[index] as (c: Context) => string)(c));
  }
  return parts.join(' ');
}

function paragraphs(c: Context, min = 10, max = 16): string[] {
  const result: string[] = [];
  const count = int(min, max);
  while (result.length < count) {
    const next = paragraph(c);
    if (!result.includes(next)) result.push(next);
  }
  return result;
}

const headlineOf = (c: Context): string => pick(HEADLINE_FORMS)(c.town, c.topic.title);
const captionScene = (c: Context): string =>
  pick([
    `${c.role} ${c.person} speaks to residents in ${c.town} on ${c.day}`,
    `Workers inspect the site in central ${c.town} on ${c.day}`,
    `Residents gather outside the ${c.town} town hall ahead of the vote on ${c.day}`,
  ]);
/** A caption with its credit; the credited text is what the editor keeps. */
const captionOf = (c: Context, credit = pick(CREDITS)): string => `${captionScene(c)}${credit}`;
/** A caption whose words open the lede, and that lede (the Asharq pattern). */
function captionAndLede(c: Context): { caption: string; lede: string } {
  const scene = captionScene(c);
  const credit = pick(CREDITS.filter((item) => item.startsWith(' (')));
  return {
    caption: `${scene}.${credit}`,
    lede: `${scene} to discuss ${c.topic.phrase}, which has split opinion in the town for more than a year.`,
  };
}
const bylineOf = (c: Context): string => (chance(0.3) ? `By ${c.person} and ${c.other}` : `By ${c.person}`);
function timestampOf(c: Context): string {
  const d = int(1, 28);
  const month = pick(MONTHS);
  const year = int(2019, 2025);
  const hh = String(int(0, 23)).padStart(2, '0');
  const mm = String(int(0, 59)).padStart(2, '0');
  return pick([
    `${c.day}, ${d} ${month}, ${year} - ${hh}:${mm}`,
    `Updated ${int(2, 11)} hours ago`,
    `Published ${d} ${month} ${year}, ${hh}:${mm}`,
    `${month} ${d}, ${year} | ${int(1, 12)}:${mm} PM`,
    `Last updated: ${c.day}, ${d} ${month} ${year} ${hh}:${mm} GMT`,
  ]);
}
const widgets = (min: number, max: number): string[] => shuffle(WIDGETS).slice(0, int(min, max));

/** Body lines separated by single blank lines. */
const spaced = (texts: readonly string[]): string[] =>
  texts.flatMap((text, index) => (index === 0 ? [text] : ['', text]));
const story = (headline: string, captions: string[], body: string[]): ExpectedStory => ({ headline, captions, body });
/** Copies of a caption as scrapers leave them: some with trailing spaces or NBSP. */
const copies = (text: string, count: number): string[] =>
  Array.from({ length: count }, () => text + pick(['', '', ' ', '\u00A0', '\u00A0 ', '  ']));

// ---- layout families ----------------------------------------------------------------------------------------------

function asharq(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const { caption, lede } = captionAndLede(c);
  const body = [lede, ...paragraphs(c)];
  const lines = [
    headline,
    '',
    ...copies(caption, 2),
    'TT',
    '20',
    '',
    headline,
    '',
    ...copies(caption, 2),
    '',
    ...spaced(body),
  ];
  return { lines, expected: story(headline, [caption], body) };
}

function headlineOnceCaptionThrice(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const twin = chance(0.5);
  const { caption, lede } = twin ? captionAndLede(c) : { caption: captionOf(c), lede: paragraph(c) };
  const body = [lede, ...paragraphs(c)];
  const lines = [headline, '', ...copies(caption, 3), '', ...spaced(body)];
  return { lines, expected: story(headline, [caption], body) };
}

function captionFourTimes(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const caption = chance(0.5) ? captionOf(c) : `${captionScene(c)}.`;
  const body = paragraphs(c);
  const header = chance(0.5)
    ? [...copies(caption, 4)]
    : [...copies(caption, 2), ...widgets(1, 3), '', headline, '', ...copies(caption, 2)];
  const lines = [headline, '', ...header, '', ...spaced(body)];
  return { lines, expected: story(headline, [caption], body) };
}

function bylinesAndTimestamps(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const byline = bylineOf(c);
  const stamp = timestampOf(c);
  const caption = captionOf(c);
  const body = paragraphs(c);
  const meta = chance(0.5) ? [byline, stamp] : [stamp, byline];
  const secondHeadline = chance(0.6);
  const lines = [
    headline,
    '',
    ...meta,
    ...widgets(1, 4),
    '',
    ...(secondHeadline ? [headline, ''] : []),
    ...meta,
    ...(chance(0.4) ? [byline] : []),
    '',
    ...copies(caption, int(2, 3)),
    '',
    ...spaced(body),
  ];
  // The first copy of a byline or timestamp is part of the story; the page template's repeats are not.
  return { lines, expected: story(headline, [caption], [...meta, ...body]) };
}

function widgetsShuffled(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const caption = captionOf(c);
  const body = paragraphs(c);
  const lines = [
    headline,
    ...widgets(1, 3),
    caption,
    ...widgets(1, 3),
    '',
    headline,
    caption,
    ...widgets(0, 2),
    '',
    ...spaced(body),
  ];
  return { lines, expected: story(headline, [caption], body) };
}

function noCaption(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const body = paragraphs(c);
  const header = pick([[], [...widgets(1, 3), '', headline, ''], ['', headline.toUpperCase(), ''], widgets(2, 4)]);
  return { lines: [headline, '', ...header, '', ...spaced(body)], expected: story(headline, [], body) };
}

function captionOnceCredited(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const twin = chance(0.5);
  const { caption, lede } = twin ? captionAndLede(c) : { caption: captionOf(c), lede: paragraph(c) };
  const body = [lede, ...paragraphs(c)];
  // Either the share bar follows the caption, or the lede opens with the caption's words.
  const after = twin && chance(0.5) ? [] : widgets(1, 3);
  const lines = [headline, '', caption + pick(['', ' ', '\u00A0']), ...after, '', ...spaced(body)];
  return { lines, expected: story(headline, [caption], body) };
}

function standfirst(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const dek = `Residents of ${c.town} will decide what ${c.topic.phrase} should look like, and how fast it should come.`;
  const body = [dek, ...paragraphs(c)];
  // The share bar carries a labelled button: a lone counter ("20") under a real line may as well be a table cell, so
  // an editor could not call it chrome with certainty (the cleaner keeps it, precision first).
  const bar = shuffle(['Share', ...widgets(0, 2).filter((label) => label !== 'Share')]);
  const header = chance(0.5) ? [dek, ...bar, '', headline] : [dek, '', ...bar];
  const lines = [headline, '', ...header, '', ...spaced(body.slice(1))];
  return { lines, expected: story(headline, [], body) };
}

function shortLinesAndTables(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const caption = captionOf(c);
  const before = paragraphs(c, 2, 3);
  const after = paragraphs(c, 2, 3);
  const short = pick([
    ['Opening hours', '9.30 A.M. / 7.00 P.M.', 'Contact', c.person],
    ['Equipment list', 'GPS', 'HL7', 'Radio'],
    ['Ward | For | Against', 'North | 20 | 14', 'South | 18 | 18', 'Total | 38 | 32'],
    ['Votes', '20', '20', '___', '___'],
    ['___', 'Related reading', 'X', 'Share'],
  ]);
  const tight = chance(0.5); // table rows one per line, or spaced like paragraphs
  const middle = tight ? short : spaced(short);
  const header = chance(0.5) ? copies(caption, 2) : [];
  const lines = [
    headline,
    '',
    ...header,
    ...(header.length ? [''] : []),
    ...spaced(before),
    '',
    ...middle,
    '',
    ...spaced(after),
  ];
  return { lines, expected: story(headline, header.length ? [caption] : [], [...before, ...short, ...after]) };
}

function interview(): Article {
  const c = newContext();
  const headline = `${c.person} on ${c.topic.title}: “We Listened”`;
  const caption = `${c.person} in ${c.town} on ${c.day}${pick(CREDITS)}`;
  const question = pick(['Q: What changed your mind?', 'Q: Why now?', 'What happens next?']);
  const body = [
    paragraph(c),
    question,
    `A: ${paragraph(c)}`,
    'Q: And the cost?',
    `A: ${paragraph(c)}`,
    question,
    `A: ${paragraph(c)}`,
    question,
    'A: Honestly, I do not know yet.',
  ];
  const lines = [headline, '', ...copies(caption, 2), 'TT', '', headline, '', ...spaced(body)];
  return { lines, expected: story(headline, [caption], body) };
}

function productList(): Article {
  const c = newContext();
  const headline = pick([
    'Ten Winter Essentials Under 30 Dollars',
    'The Best Rain Jackets We Tested',
    'Gifts for Gardeners',
  ]);
  const repeated = pick(['Also at Walmart', 'In stock online', 'Buy now']);
  const items = [
    'A wool hat that kept its shape',
    'A lantern with a week of battery life',
    'Thick socks for long walks',
  ];
  const body = [`Our testers in ${c.town} spent a month with each of these.`];
  for (const item of shuffle(items)) body.push(item, `Price: ${int(9, 29)}.99`, repeated);
  const lines = [headline, '', ...widgets(1, 2), '', ...spaced(body)];
  return { lines, expected: story(headline, [], body) };
}

function midBodyPhoto(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const { caption, lede } = captionAndLede(c);
  const second = `Construction crews in ${c.town} prepare the site on ${c.day}. (Reuters)`;
  const first = paragraphs(c, 2, 3);
  const rest = paragraphs(c, 2, 4);
  const lines = [
    headline,
    '',
    ...copies(caption, 2),
    '',
    lede,
    '',
    ...spaced(first),
    '',
    ...copies(second, 2),
    '',
    ...spaced(rest),
  ];
  return { lines, expected: story(headline, [caption, second], [lede, ...first, ...rest]) };
}

function metaOnce(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const byline = bylineOf(c);
  const stamp = timestampOf(c);
  const body = paragraphs(c);
  const signOff = chance(0.5) ? [`By ${c.person}`] : [];
  const lines = [headline, '', byline, stamp, ...widgets(0, 2), '', ...spaced([...body, ...signOff])];
  return { lines, expected: story(headline, [], [byline, stamp, ...body, ...signOff]) };
}

// Lines that look like header material but are the writer's: every one of them stays in the body.
function precisionTraps(): Article {
  const c = newContext();
  const headline = headlineOf(c);
  const trap = pick([
    () => [`Standings after round ${int(3, 9)}`, String(int(20, 30)), String(int(10, 19)), String(int(1, 9))],
    () => [`${c.role} ${c.person} told reporters the vote would go ahead as planned (AFP)`],
    () => [`By ${c.day} the council had voted twice, and the third vote was set for the end of the month.`],
    () => [`Share prices of the ferry operator fell ${int(2, 9)} percent on ${c.day} after the announcement.`],
    () => ['Q: Why now?', `A: ${paragraph(c)}`, 'Q: Why now?'],
    () => [`${c.day}, ${int(1, 28)} ${pick(MONTHS)} 2024`, paragraph(c), `By ${c.person}`],
    () => [paragraph(c), `Updated ${int(2, 9)} hours ago`, paragraph(c), `By ${c.person}`, `By ${c.person}`],
  ])();
  const body = [...trap, ...paragraphs(c, 3, 6)];
  const tight = trap.length > 1 && chance(0.5);
  const lines = [headline, '', ...(tight ? [...trap, '', ...spaced(body.slice(trap.length))] : spaced(body))];
  return { lines, expected: story(headline, [], body) };
}

// Scrapers leave invisible characters, odd spaces, decomposed accents and Windows line breaks; an editor sees none.
function dirty(line: string): string {
  if (line === '') return pick(['', '', ' ', '\u00A0', '\u200B']);
  let text = line.normalize('NFD') === line ? line : chance(0.7) ? line.normalize('NFD') : line;
  const spaces = [...text.matchAll(/ /g)].map((match) => match.index);
  if (spaces.length > 0 && chance(0.6)) {
    const at = pick(spaces);
    text = text.slice(0, at) + pick(['\u00A0', '\u2009', '  ', ' \u200B', '\u202F']) + text.slice(at + 1);
  }
  const letters = [...text.matchAll(/\p{L}(?=\p{L})/gu)].map((match) => match.index + 1);
  if (letters.length > 0 && chance(0.4)) {
    const at = pick(letters);
    text = text.slice(0, at) + pick(['\u200B', '\u00AD', '\u2060']) + text.slice(at);
  }
  if (chance(0.3)) text = pick([' ', '\t', '\u00A0']) + text;
  if (chance(0.4)) text += pick([' ', '\u00A0', ' \u00A0', '\u200B']);
  return text;
}

function unicodeDirt(): Article {
  const base = pick([asharq, bylinesAndTimestamps, captionFourTimes, widgetsShuffled, midBodyPhoto])();
  const lines = collapseBlanks(base.lines).map(dirty);
  lines[0] = `\uFEFF${lines[0] ?? ''}`;
  return { lines, expected: base.expected };
}

const ARABIC_HEADLINES = [
  'مجلس المدينة يقر خطة جديدة للنقل العام',
  'سكان الحي يطالبون بإصلاح الجسر القديم',
  'تأجيل افتتاح المكتبة العامة إلى الربيع',
];
const ARABIC_CAPTIONS = [
  'رئيسة البلدية تتحدث إلى السكان في الساحة الرئيسية يوم الاثنين (أرشيفية)',
  'عمال يتفقدون موقع البناء وسط المدينة يوم الثلاثاء (رويترز)',
];
const ARABIC_SENTENCES = [
  'صوت أعضاء المجلس لصالح الخطة بعد نقاش طويل استمر عدة أشهر.',
  'وقالت رئيسة البلدية إن العمل سيبدأ بعد انتهاء فصل الشتاء.',
  'وأبدى بعض التجار قلقهم من إغلاق الطرق خلال فترة البناء.',
  'ومن المتوقع أن تنشر اللجنة تقريرها النهائي في نهاية العام.',
  'وأشار استطلاع محلي إلى أن أغلب السكان يؤيدون المشروع.',
  'وستعقد جلسة استماع عامة مساء الخميس في مركز الحي.',
  'وطالب السكان بلافتات واضحة وطرق بديلة آمنة للمشاة.',
];

function arabic(): Article {
  const headline = pick(ARABIC_HEADLINES);
  const caption = pick(ARABIC_CAPTIONS);
  const sentences = shuffle(ARABIC_SENTENCES).slice(0, int(4, 7));
  const body: string[] = [];
  for (let i = 0; i < sentences.length; i += 2) body.push(sentences.slice(i, i + 2).join(' '));
  const twice = chance(0.6);
  const lines = [
    headline,
    '',
    ...copies(caption, 2),
    'TT',
    '20',
    '',
    ...(twice ? [headline, '', ...copies(caption, 2), ''] : []),
    ...spaced(body),
  ];
  return { lines, expected: story(headline, [caption], body) };
}

function collapseBlanks(lines: readonly string[]): string[] {
  return lines.filter((line, index) => line !== '' || (index > 0 && lines[index - 1] !== ''));
}

type Family = () => Article;
const FAMILIES: ReadonlyArray<[string, Family, number]> = [
  ['asharq', asharq, 10],
  ['caption-3x', headlineOnceCaptionThrice, 8],
  ['caption-4x', captionFourTimes, 8],
  ['bylines', bylinesAndTimestamps, 10],
  ['widgets', widgetsShuffled, 8],
  ['no-caption', noCaption, 8],
  ['caption-once', captionOnceCredited, 8],
  ['standfirst', standfirst, 6],
  ['short-lines', shortLinesAndTables, 8],
  ['interview', interview, 5],
  ['product-list', productList, 5],
  ['mid-photo', midBodyPhoto, 5],
  ['meta-once', metaOnce, 6],
  ['traps', precisionTraps, 10],
  ['unicode', unicodeDirt, 8],
  ['arabic', arabic, 6],
];
const MULTI = 8;

function render(articles: readonly Article[], breakChars: string): string {
  const separators = ['\n\n\n', '\n\n\n\n', '\n\n \n\n'];
  return articles
    .map((article) => collapseBlanks(article.lines).join('\n'))
    .join(pick(separators))
    .replace(/\n/g, breakChars);
}

async function main(): Promise<void> {
  random = rng(20250505);
  const out = path.resolve(process.cwd(), 'test/corpus/cleaning/cases');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const config = (await prettier.resolveConfig(path.join(out, 'x.json'))) ?? {};
  let number = 0;
  const write = async (layout: string, articles: Article[]): Promise<void> => {
    number++;
    const name = `${String(number).padStart(3, '0')}-${layout}`;
    const breakChars = layout === 'unicode' ? pick(['\r\n', '\r', '\n']) : '\n';
    writeFileSync(path.join(out, `${name}.txt`), render(articles, breakChars));
    const json = JSON.stringify({ layout, stories: articles.map((article) => article.expected) });
    writeFileSync(path.join(out, `${name}.expected.json`), await prettier.format(json, { ...config, parser: 'json' }));
  };
  for (const [layout, family, count] of FAMILIES) {
    for (let i = 0; i < count; i++) await write(layout, [family()]);
  }
  for (let i = 0; i < MULTI; i++) {
    const families = Array.from({ length: int(2, 4) }, () => pick(FAMILIES)[1]);
    await write(
      'multi-article',
      families.map((family) => family()),
    );
  }
  console.log(`wrote ${readdirSync(out).length / 2} cases to ${out}`);
}

void main();
