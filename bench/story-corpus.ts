// A deterministic generator of news-like stories for the index benchmark: Zipf-distributed words over a large
// vocabulary, stopwords at their natural rate, names and places, in English, French, Spanish and Arabic.
import * as stopwordLists from 'stopword';
import type { CleanStory } from '@cleanwire/contracts';

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s, by inverting a precomputed CDF. */
function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const target = rand() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cdf[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

const LATIN_SYLLABLES =
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi ga ge go ha he hi ka ke ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi an en in on ar er ir or al el il ol st tr pr gr br cl pl ch sh th'.split(
    ' ',
  );
const ARABIC_LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'.split('');
const ACCENTED = ['é', 'è', 'á', 'ó', 'ñ', 'ç', 'í', 'ú'];
const ENGLISH_NEWS =
  'government minister election president police security military forces city country people report year week month official statement court law market economy oil price bank talks peace war attack killed wounded protest parliament vote party leader state region border troops ceasefire agreement crisis health hospital school water power energy climate storm flood fire earthquake company shares trade tariff inflation budget tax minister elections presidential campaign candidate rebels army militia refugees aid united nations council sanctions nuclear missile drone strike investigation charges trial judge prison police arrest suspects victims families children women students workers union strike talks deal summit visit meeting'.split(
    ' ',
  );

function syllableWord(rand: () => number, syllables: readonly string[], min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  let word = '';
  for (let i = 0; i < n; i++) word += syllables[Math.floor(rand() * syllables.length)];
  return word;
}

interface Language {
  stopwords: readonly string[];
  vocabulary: string[];
  stopwordRate: number;
  words: () => number;
  stops: () => number;
}

export interface CorpusOptions {
  seed?: number;
  /** Distinct content words per Latin language; default 60,000. */
  vocabulary?: number;
}

/** A source of generated stories and queries; the same seed gives the same stories. */
export class StoryCorpus {
  private readonly rand: () => number;
  private readonly languages: Record<'en' | 'fr' | 'es' | 'ar', Language>;
  readonly names: string[];
  readonly places: string[];
  readonly sources: string[];
  private readonly name: () => number;

  constructor(options: CorpusOptions = {}) {
    this.rand = random(options.seed ?? 42);
    const size = options.vocabulary ?? 60_000;
    const vocab = (make: () => string, n: number, head: readonly string[] = []): string[] => {
      const seen = new Set(head);
      while (seen.size < n) seen.add(make());
      return [...seen];
    };
    const latin = (accents: boolean) => () => {
      const word = syllableWord(this.rand, LATIN_SYLLABLES, 1, 4);
      return accents && this.rand() < 0.2
        ? word + (ACCENTED[Math.floor(this.rand() * ACCENTED.length)] ?? '') + 's'
        : word;
    };
    const language = (stops: readonly string[], vocabulary: string[], stopwordRate: number): Language => ({
      stopwords: stops,
      vocabulary,
      stopwordRate,
      words: zipf(vocabulary.length, 1.0, this.rand),
      stops: zipf(stops.length, 0.9, this.rand),
    });
    this.languages = {
      en: language(stopwordLists.eng, vocab(latin(false), size, ENGLISH_NEWS), 0.45),
      fr: language(stopwordLists.fra, vocab(latin(true), size / 2), 0.45),
      es: language(stopwordLists.spa, vocab(latin(true), size / 2), 0.45),
      ar: language(
        stopwordLists.ara.slice(0, 150),
        vocab(() => syllableWord(this.rand, ARABIC_LETTERS, 3, 6), size / 2),
        0.35,
      ),
    };
    const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
    this.names = vocab(
      () =>
        `${capital(syllableWord(this.rand, LATIN_SYLLABLES, 2, 3))} ${capital(syllableWord(this.rand, LATIN_SYLLABLES, 2, 4))}`,
      20_000,
    );
    this.places = vocab(() => capital(syllableWord(this.rand, LATIN_SYLLABLES, 2, 4)), 5_000);
    this.sources = Array.from({ length: 40 }, (_, i) => `Source ${i + 1}`);
    this.name = zipf(this.names.length, 1.1, this.rand);
  }

  private pickLanguage(): Language {
    const roll = this.rand();
    if (roll < 0.75) return this.languages.en;
    if (roll < 0.85) return this.languages.ar;
    if (roll < 0.93) return this.languages.fr;
    return this.languages.es;
  }

  private sentence(language: Language, words: number): string {
    const out: string[] = [];
    for (let i = 0; i < words; i++) {
      const roll = this.rand();
      if (roll < language.stopwordRate) out.push(language.stopwords[language.stops()] ?? 'the');
      else if (roll < language.stopwordRate + 0.04) out.push(this.names[this.name()] ?? 'Ann Lee');
      else if (roll < language.stopwordRate + 0.06)
        out.push(this.places[Math.floor(this.rand() ** 2 * this.places.length)] ?? 'Rome');
      else out.push(language.vocabulary[language.words()] ?? 'news');
    }
    const text = out.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }

  /** Story number `n` (ids are unique per n); about 2.5 KB of clean text. */
  story(n: number): CleanStory {
    const language = this.pickLanguage();
    const body: string[] = [];
    let length = 0;
    while (length < 2400) {
      const paragraph = Array.from({ length: 2 + Math.floor(this.rand() * 3) }, () =>
        this.sentence(language, 8 + Math.floor(this.rand() * 18)),
      ).join(' ');
      body.push(paragraph);
      length += paragraph.length + 2;
    }
    const source = this.sources[Math.floor(this.rand() ** 1.5 * this.sources.length)] ?? 'Source 1';
    const published = Date.UTC(2025, 0, 1) + Math.floor(this.rand() * 365 * 86_400_000);
    const text = body.join('\n\n');
    return {
      id: `${source.toLowerCase().replace(' ', '-')}/${n.toString(36)}`,
      source,
      url: `https://news.example/${n}`,
      headline: this.sentence(language, 6 + Math.floor(this.rand() * 6)).slice(0, -1),
      captions: this.rand() < 0.3 ? [this.sentence(language, 10)] : [],
      body,
      text,
      wordCount: text.split(/\s+/).length,
      publishedAt: new Date(published).toISOString(),
      receivedAt: new Date(published + 60_000).toISOString(),
      normalizedAt: new Date(published + 61_000).toISOString(),
      cuts: this.rand() < 0.5 ? [{ reason: 'widget-noise', line: 2, text: 'Share' }] : [],
    };
  }

  /** A query of the realistic mix: 1-4 words, common ones included, sometimes a name, a phrase or a prefix. */
  query(): { q: string; sources?: string[]; sort?: 'relevance' | 'newest' } {
    const en = this.languages.en;
    const words = 1 + Math.floor(this.rand() * 4);
    const parts: string[] = [];
    for (let i = 0; i < words; i++) {
      const roll = this.rand();
      if (roll < 0.15) parts.push(this.names[this.name()]?.split(' ')[1] ?? 'lee');
      else if (roll < 0.2) parts.push(this.places[Math.floor(this.rand() * 200)] ?? 'rome');
      // Common words are drawn from the head of the distribution, rarer ones from anywhere.
      else parts.push(en.vocabulary[roll < 0.6 ? Math.floor(this.rand() * 300) : en.words()] ?? 'news');
    }
    let q = parts.join(' ');
    const shape = this.rand();
    if (shape < 0.05 && parts.length >= 2) q = `"${parts.slice(0, 2).join(' ')}"`;
    else if (shape < 0.1) q = `${q.slice(0, Math.max(3, q.length - 2))}*`;
    else if (shape < 0.13 && parts.length >= 2) q = `${parts[0]} -${parts[1]}`;
    return {
      q,
      ...(this.rand() < 0.15 ? { sources: [this.sources[Math.floor(this.rand() * 10)] ?? 'Source 1'] } : {}),
      ...(this.rand() < 0.2 ? { sort: 'newest' as const } : {}),
    };
  }
}
