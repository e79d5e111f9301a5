// The labelled near-duplicate pairs: wire stories written from a small grammar of newsroom sentences (all text
// fictional), each paired with copies a newsroom calls the same story (trimmed by a paragraph or two, other
// boilerplate, light edits) and with different stories on the same topic (same names and places, other text).
// Deterministic: the same seed gives the same pairs.

import { rng } from '../seeded-random';

/** Two story texts and whether a newsroom would call them the same story. */
export interface LabelledPair {
  kind: string;
  a: string;
  b: string;
  duplicate: boolean;
}

const PEOPLE = [
  'Amara Okoye',
  'Lukas Brenner',
  'Sofia Marquez',
  'Kenji Watanabe',
  'Fatima Haddad',
  'Pieter de Vries',
  'Ingrid Solberg',
  'Rahul Mehta',
  'Chloé Durand',
  'Tomasz Nowak',
  'Grace Mwangi',
  'Diego Alvarez',
];
const PLACES = [
  'Port Calder',
  'Elmbrook',
  'Kestrel Bay',
  'Marren Valley',
  'Ashford',
  'Northgate',
  'Lindale',
  'Corran',
  'Westholm',
  'Brisa',
];
const BODIES = [
  'the city council',
  'the regional water board',
  'the port authority',
  'the health ministry',
  'the transport agency',
  'the teachers union',
  'the energy regulator',
  'the farmers cooperative',
];
const TOPICS = [
  'a new tram line',
  'the closure of two clinics',
  'a ban on night flights',
  'higher water tariffs',
  'a flood barrier',
  'a wage agreement',
  'a wind farm',
  'school meal funding',
  'a bridge repair',
  'a housing plan',
];
const VERBS = ['approved', 'rejected', 'postponed', 'questioned', 'defended', 'criticised', 'welcomed', 'revised'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ADJECTIVES = ['long-awaited', 'contested', 'costly', 'modest', 'ambitious', 'delayed', 'popular', 'unusual'];
const NOUNS = [
  'residents',
  'traders',
  'commuters',
  'farmers',
  'nurses',
  'parents',
  'fishermen',
  'students',
  'engineers',
  'pensioners',
];
const REASONS = [
  'the rising cost of materials',
  'a shortage of skilled workers',
  'a legal challenge from neighbours',
  'pressure from local businesses',
  'a budget shortfall',
  'new safety rules',
  'an independent audit',
  'weeks of heavy rain',
];

type Pick = <T>(items: readonly T[]) => T;

interface Topic {
  person: string;
  place: string;
  body: string;
  subject: string;
}

function sentence(pick: Pick, number: () => number, topic: Topic): string {
  const forms: Array<() => string> = [
    () =>
      `${topic.person} said on ${pick(DAYS)} that ${topic.body} had ${pick(VERBS)} ${topic.subject} after ${pick(REASONS)}.`,
    () => `In ${topic.place}, ${number()} ${pick(NOUNS)} signed a petition about ${topic.subject}, organisers said.`,
    () => `The ${pick(ADJECTIVES)} plan would cost about ${number()} million, according to figures seen by reporters.`,
    () => `“We owe ${pick(NOUNS)} in ${topic.place} a clear answer,” ${topic.person} told a meeting of ${pick(NOUNS)}.`,
    () => `Critics pointed to ${pick(REASONS)} and asked ${topic.body} to publish its estimates before ${pick(DAYS)}.`,
    () => `A spokesperson for ${topic.body} declined to comment on ${pick(REASONS)} but said talks would continue.`,
    () =>
      `Last year ${topic.body} ${pick(VERBS)} a ${pick(ADJECTIVES)} proposal that ${pick(NOUNS)} had backed by ${number()} votes.`,
    () => `${topic.person}, who has led the campaign for ${number()} years, called the decision ${pick(ADJECTIVES)}.`,
    () =>
      `Some ${pick(NOUNS)} in ${topic.place} said they learned of ${topic.subject} from a leaflet, not from ${topic.body}.`,
    () => `Work could begin within ${number()} months if ${pick(NOUNS)} and ${pick(NOUNS)} reach an agreement.`,
    () =>
      `The figures show that ${number()} percent of ${pick(NOUNS)} in ${topic.place} travel more than ${number()} kilometres a day.`,
    () => `Opposition members ${pick(VERBS)} the timetable, citing ${pick(REASONS)} and ${pick(REASONS)}.`,
  ];
  return pick(forms)();
}

function story(random: () => number, topic: Topic, paragraphs: number): string[] {
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const number = (): number => 2 + Math.floor(random() * 480);
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: 2 + Math.floor(random() * 2) }, () => sentence(pick, number, topic)).join(' '),
  );
}

const BOILERPLATE = [
  'Share this story',
  'Follow us for more local news',
  'Read more: council coverage',
  'Sign up for our morning newsletter',
  '© 2026 Valley Wire. All rights reserved.',
  'Additional reporting by the news desk',
  'Advertisement',
];

/** Light edits: a word swapped, a number changed, a typo fixed, a sentence reworded at its start. */
function lightlyEdited(paragraphs: readonly string[], random: () => number): string[] {
  const edited = [...paragraphs];
  for (let edit = 0; edit < 3; edit++) {
    const index = Math.floor(random() * edited.length);
    const words = edited[index]!.split(' ');
    const at = Math.floor(random() * words.length);
    words[at] = /\d/.test(words[at]!)
      ? String(Number.parseInt(words[at]!, 10) + 1)
      : random() < 0.5
        ? 'reportedly'
        : words[at]!.toUpperCase();
    edited[index] = words.join(' ');
  }
  edited[0] = `UPDATED: ${edited[0]}`;
  return edited;
}

/** Every labelled pair: four kinds of same-story copies and two kinds of different stories per base story. */
export function labelledPairs(stories = 150, seed = 20261125): LabelledPair[] {
  const random = rng(seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const pairs: LabelledPair[] = [];
  const text = (paragraphs: readonly string[]): string => paragraphs.join('\n\n');
  for (let index = 0; index < stories; index++) {
    const topic = { person: pick(PEOPLE), place: pick(PLACES), body: pick(BODIES), subject: pick(TOPICS) };
    const base = story(random, topic, 5 + Math.floor(random() * 3));
    const original = text(base);
    const drop = 1 + Math.floor(random() * 2);
    pairs.push({ kind: 'trimmed', a: original, b: text(base.slice(0, base.length - drop)), duplicate: true });
    const middle = 1 + Math.floor(random() * (base.length - 2));
    pairs.push({
      kind: 'trimmed-middle',
      a: original,
      b: text(base.filter((_, at) => at !== middle)),
      duplicate: true,
    });
    pairs.push({
      kind: 'boilerplate',
      a: text([pick(BOILERPLATE), ...base, pick(BOILERPLATE)]),
      b: text([...base, pick(BOILERPLATE), pick(BOILERPLATE)]),
      duplicate: true,
    });
    pairs.push({
      kind: 'edited',
      a: original,
      b: text(lightlyEdited(base.slice(0, base.length - 1), random)),
      duplicate: true,
    });
    const sameTopic = story(random, topic, base.length);
    pairs.push({ kind: 'same-topic', a: original, b: text([pick(BOILERPLATE), ...sameTopic]), duplicate: false });
    // A follow-up that quotes one paragraph of the earlier story is still another story.
    pairs.push({ kind: 'follow-up', a: original, b: text([...story(random, topic, 4), base[1]!]), duplicate: false });
  }
  return pairs;
}
