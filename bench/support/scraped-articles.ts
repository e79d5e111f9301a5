// Realistic scraped articles for the pipeline benchmarks: the cleaning corpus's layouts (a doubled headline, captions
// repeated with credits, widget noise) with fresh body text, so every article is distinct and near-duplicates are as
// rare as in a real stream. Deterministic for a seed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../../test/corpus/cleaning/corpus';
import { rng } from '../../test/corpus/seeded-random';

/** A JSON article as a scraper posts it to ingest (`application/json`). */
export interface ScrapedArticle {
  source: string;
  url: string;
  body: string;
  publishedAt: string;
}

const SOURCES = ['Asharq Al-Awsat', 'Wire Service', 'The Daily Ledger', 'Harbor Times', 'Valley Courier', 'Metro Post'];

interface Layout {
  raw: string;
  headline: string;
  body: string[];
}

/** Makes distinct scraped articles from the cleaning corpus's single-article layouts. */
export class ScrapedArticles {
  private readonly layouts: Layout[];
  private readonly sentences: string[];
  private readonly random: () => number;
  private serial = 0;

  constructor(
    private readonly run: string,
    seed = 7,
  ) {
    // Layouts of one article, of the size of a typical news article (2.2 to 3.8 KB scraped, 3.2 KB on average).
    const cases = loadCorpus(corpusCases()).filter(
      (item) => item.expected.length === 1 && item.input.length >= 2200 && item.input.length <= 3800,
    );
    this.layouts = cases.map((item) => {
      const story = item.expected[0]!;
      return { raw: item.input, headline: story.headline, body: story.body };
    });
    this.sentences = [...new Set(this.layouts.flatMap((layout) => layout.body.flatMap(splitSentences)))];
    if (this.layouts.length === 0) throw new Error('the cleaning corpus has no single-article case');
    this.random = rng(seed);
  }

  /** The next article: a corpus layout with its headline numbered and its paragraphs rewritten. */
  next(): ScrapedArticle {
    const serial = this.serial++;
    const layout = this.layouts[serial % this.layouts.length]!;
    let raw = layout.raw.replaceAll(layout.headline, `${layout.headline}, part ${serial}`);
    for (const paragraph of layout.body) raw = raw.replaceAll(paragraph, this.paragraphLike(paragraph));
    return {
      source: SOURCES[serial % SOURCES.length]!,
      url: `https://news.example/${this.run}/${serial}`,
      body: raw,
      publishedAt: new Date().toISOString(),
    };
  }

  /** `count` articles. */
  take(count: number): ScrapedArticle[] {
    return Array.from({ length: count }, () => this.next());
  }

  /** A paragraph of about the same length, of corpus sentences drawn at random, numbers redrawn. */
  private paragraphLike(paragraph: string): string {
    const sentences: string[] = [];
    let length = 0;
    while (length < paragraph.length - 40) {
      const sentence = this.sentences[Math.floor(this.random() * this.sentences.length)]!;
      const redrawn = sentence.replace(/\d+/g, (digits) => String(Math.floor(this.random() * 10 ** digits.length)));
      sentences.push(redrawn);
      length += redrawn.length + 1;
    }
    return sentences.join(' ');
  }
}

function splitSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?”])\s+(?=[A-Z“])/).filter((sentence) => sentence.length > 20);
}

function corpusCases(): string {
  // From source (bench/support) or compiled (dist/bench/support): the corpus stays in test/.
  const fromSource = path.resolve(__dirname, '../../test/corpus/cleaning/cases');
  const fromDist = path.resolve(__dirname, '../../../test/corpus/cleaning/cases');
  return existsSync(fromSource) ? fromSource : fromDist;
}
