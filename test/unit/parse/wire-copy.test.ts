// Wire copy composed from templates: a headline in capitals, a datelined lede, the story, and menus, headline
// lists and contact blocks around it. The lede keeps its paragraph, the dateline and headline are found.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDateline } from '../../../src/parse/dateline.js';
import { parseDocument } from '../../../src/parse/index.js';

const CITIES = [
  'BOSTON',
  'NEW YORK',
  'ST. LOUIS',
  'WINSTON-SALEM',
  'LONDON',
  'SAO PAULO',
  'LOS ANGELES',
  'NAIROBI',
];
const REGIONS = ['', 'Mass.', 'England', 'Brazil', 'Calif.', 'Kenya'];
const DATES = ['', 'Oct 19', 'Oct. 19', 'March 3', 'Dec 30', 'June 7'];
const AGENCIES = ['', 'Reuters', 'AP', 'AFP', 'UPI', 'Bloomberg'];
const DASHES = ['-', '--', '—', '–'];
const SUBJECTS = [
  'The state utility',
  'A group of investors',
  'The city council',
  'The largest union',
  'Regulators',
];
const VERBS = ['said on Tuesday that it would', 'announced plans to', 'voted late on Monday to', 'agreed to'];
const OBJECTS = [
  'raise prices for households next year, drawing criticism from consumer groups who said the rise would hit the poorest hardest.',
  'close two plants in the region by the end of the year, putting about 400 jobs at risk according to the company.',
  'review the contract after auditors found that costs had doubled since the project began three years ago.',
  'delay the vote until the spring, giving members more time to study a report on the costs of the plan.',
];
const MORE = [
  'The decision followed months of talks between the two sides, which had broken down twice over the summer.',
  'Officials said the change would take effect in January and that customers would be told by letter.',
  'Critics said the plan had been rushed and that the public had not been given enough time to comment on it.',
  'Shares in the company fell 2 percent in early trading before recovering some of their losses by midday.',
  'A spokesman declined to say how many people would be affected, but said the figures would be published.',
];
const HEADLINE_WORDS = ['PRICE RISE', 'PLANT CLOSURES', 'CONTRACT REVIEW', 'VOTE DELAY', 'UNION DEAL'];
const MENU = ['Home', 'World', 'Business', 'Markets', 'Politics', 'Sign In', 'Subscribe'];
const SIDEBAR = [
  'Oil Prices Slip As Stockpiles Build In Storage Hubs',
  'Central Bank Holds Rates Steady Amid Slowing Growth',
  'Tech Stocks Rally After Strong Quarterly Earnings',
  'Retail Sales Beat Forecasts For The Third Month',
];

const wrap = (s: string, width: number) => {
  const lines: string[] = [];
  let cur = '';
  for (const w of s.split(' ')) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join('\n');
};

const page = fc.record({
  city: fc.constantFrom(...CITIES),
  region: fc.constantFrom(...REGIONS),
  date: fc.constantFrom(...DATES),
  agency: fc.constantFrom(...AGENCIES),
  dash: fc.constantFrom(...DASHES),
  subject: fc.constantFrom(...SUBJECTS),
  verb: fc.constantFrom(...VERBS),
  object: fc.constantFrom(...OBJECTS),
  more: fc.shuffledSubarray(MORE, { minLength: 2, maxLength: 5 }),
  topic: fc.constantFrom(...HEADLINE_WORDS),
  headlineVerb: fc.constantFrom('DRAWS FIRE FROM', 'ANGERS', 'WINS BACKING OF', 'SPLITS'),
  menu: fc.shuffledSubarray(MENU, { minLength: 3, maxLength: 7 }),
  sidebar: fc.shuffledSubarray(SIDEBAR, { minLength: 3, maxLength: 4 }),
  wrapWidth: fc.constantFrom(0, 64, 72),
  gap: fc.constantFrom('\n', '\n\n'),
  contact: fc.boolean(),
});

describe('wire copy', () => {
  it('keeps the datelined lede, extracts the dateline and the all-capitals headline', () => {
    fc.assert(
      fc.property(page, (p) => {
        // The dateline itself: city, region or date, agency (one of them may be absent), dash.
        const qualifier = p.region || p.date;
        const dateline = `${p.city}${qualifier ? `, ${qualifier}` : ''}${p.agency ? ` (${p.agency})` : ''}`;
        const ledeText = `${p.subject} ${p.verb} ${p.object}`;
        const lede = `${dateline} ${p.dash} ${ledeText}`;
        const headline = `${p.topic} ${p.headlineVerb} CONSUMER GROUPS`;
        const paragraphs = [lede, ...p.more];
        const body = paragraphs.map((x) => (p.wrapWidth ? wrap(x, p.wrapWidth) : x)).join('\n\n');
        const contact = p.contact
          ? '\n\nContact us\nCustomer service: 1-800-555-0100\nNewsroom: newsroom@example.com\nAdvertise with us'
          : '';
        const text = `${p.menu.join('\n')}\n\n${headline}${p.gap}${body}\n\nMost Read\n${p.sidebar.join('\n')}${contact}\n`;

        const article = parseDocument(text, { name: 'wire.txt' }).items[0]?.article;
        expect(article?.paragraphs[0]).toBe(lede);
        expect(article?.paragraphs).toEqual(paragraphs);
        expect(article?.dateline).toBe(dateline);
        expect(article?.headline).toBe(headline);
        for (const s of p.sidebar) expect(article?.related).toContain(s);
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it('finds no dateline in ordinary openings', () => {
    for (const s of [
      'The council voted on Tuesday to close the library.',
      'NATO leaders met in Brussels on Tuesday to discuss the budget.',
      'Jane Smith - a teacher from Leeds - said the plan was unfair.',
      'US and Chinese officials met on Monday.',
    ])
      expect(findDateline(s), s).toBeNull();
  });
});
