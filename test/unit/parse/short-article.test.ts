// Short stories composed from templates: a story of 50-110 words above a long list of other headlines and/or
// next to a customer-service block longer than the story. The story is the body: regions are chosen by prose
// shape, not by size, and a story under the headline that repeats the page title outweighs longer prose
// elsewhere. Below a service block the story has its headline line (a page's story starts with one; without
// any line between them the two read as one region).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/parse/index.js';

const SUBJECTS = [
  'The city council',
  'The county school board',
  'The regional water authority',
  'State regulators',
];
const ACTIONS = [
  'voted on Tuesday to delay a decision on the new bus depot until the spring,',
  'approved a plan on Monday to replace the ageing pipes under the old town centre,',
  'agreed late on Thursday to review the contract for the bridge repairs,',
  'postponed a hearing on the proposed rise in parking fees,',
];
const REASONS = [
  'after residents complained that they had not been consulted.',
  'citing costs that had doubled since the project was first proposed three years ago.',
  'following a report that found the work had fallen a year behind schedule.',
];
const MORE = [
  'Officials said the extra months would be used to hold public meetings in each of the affected neighbourhoods.',
  'The project was expected to cost about $40 million and to be finished in 2027.',
  'A spokesman said a final vote was likely in April, once the engineers had submitted their revised estimates.',
  'Opponents said they would keep collecting signatures for a petition against the plan.',
];
const HEADLINES = [
  'Storm Knocks Out Power To Thousands Across The Valley',
  'School Board Approves New Budget After Long Debate',
  'Police Search For Driver After Crash On Main Street',
  'Local Team Wins Regional Title In Overtime Thriller',
  'Museum Reopens With Expanded Gallery Of Local Art',
  'Farmers worry as dry spell stretches into third week',
  'New bakery opens its doors on the high street',
  'Library extends weekend opening hours for exam season',
];
const SERVICE = [
  'Questions about your subscription? Our customer service team is available Monday through Friday from 8 a.m. to 6 p.m. and on Saturday mornings. Call us at 1-800-555-0199 or send an email to help@example.com and we will get back to you within one business day.',
  'To report a missed or damaged delivery, please call before 10 a.m. and we will redeliver your paper the same day where possible. You can also report delivery problems online at any time through your account page.',
  'To place a classified advertisement, call 555-0142 or visit our office on Main Street. Our advertising staff will be happy to help you choose the right package for your business and your budget.',
  'Vacation holds can be set up online or by phone. Your newspaper will be held while you are away and delivery will resume on the date you choose, or you can donate your papers to local schools instead.',
  'Have a news tip or a story idea? We want to hear from you. Send your tips to newsroom@example.com or call our newsroom at 555-0187, and tell us how we can reach you if we have questions.',
];

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

const page = fc.record({
  subject: fc.constantFrom(...SUBJECTS),
  action: fc.constantFrom(...ACTIONS),
  reason: fc.constantFrom(...REASONS),
  more: fc.shuffledSubarray(MORE, { minLength: 1, maxLength: 3 }),
  headline: fc.constantFrom('', 'Council Delays Vote On Bus Depot', 'Board puts off decision on repairs'),
  headlines: fc.array(fc.constantFrom(...HEADLINES), { minLength: 15, maxLength: 40 }),
  timestamps: fc.boolean(),
  service: fc.shuffledSubarray(SERVICE, { minLength: 3, maxLength: 5 }),
  layout: fc.constantFrom('list', 'service-after', 'list-then-service', 'service-before'),
});

const datedPage = fc.record({
  subject: fc.constantFrom(...SUBJECTS),
  action: fc.constantFrom(...ACTIONS),
  reason: fc.constantFrom(...REASONS),
  more: fc.shuffledSubarray(MORE, { minLength: 1, maxLength: 3 }),
  headlines: fc.array(fc.constantFrom(...HEADLINES), { minLength: 10, maxLength: 30 }),
  date: fc.constantFrom('March 3, 2021', 'Updated 10:42 AM', '2 hours ago'),
});

describe('short articles', () => {
  it('a short story above a long headline list or beside a longer service block is the body', () => {
    fc.assert(
      fc.property(page, (p) => {
        const story = [`${p.subject} ${p.action} ${p.reason}`, ...p.more];
        const list = p.headlines.map((h, i) => (p.timestamps ? `${h}\n${i + 1} hours ago` : h)).join('\n');
        const service = ['Customer Service', ...p.service].join('\n\n');
        const top = ['Home\nNews\nSports\nOpinion\nSubscribe', p.headline].filter(Boolean);
        const parts =
          p.layout === 'list'
            ? [...top, ...story, 'More News', list]
            : p.layout === 'service-after'
              ? [...top, ...story, service, 'Privacy Policy\nTerms of Use']
              : p.layout === 'list-then-service'
                ? [...top, ...story, 'More News', list, service]
                : [
                    'Home\nNews\nSports',
                    service,
                    p.headline || 'Council Delays Vote',
                    ...story,
                    'More News',
                    list,
                  ];
        if (p.layout !== 'list') expect(words(service)).toBeGreaterThan(words(story.join(' ')));

        const article = parseDocument(parts.join('\n\n'), { name: 'short.txt' }).items[0]?.article;
        expect(article?.paragraphs).toEqual(story);
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it('a one-paragraph story under its date above a list of dated headlines is the body, not a teaser', () => {
    fc.assert(
      fc.property(datedPage, (p) => {
        const story = [`${p.subject} ${p.action} ${p.reason}`, ...p.more].join(' ');
        const list = p.headlines.map((h, i) => `${h}\n${i + 1} hours ago`).join('\n');
        const text = ['Home\nNews\nSports', 'Council delays vote on bus depot', p.date, story, list].join(
          '\n\n',
        );
        const article = parseDocument(text, { name: 'dated.txt' }).items[0]?.article;
        expect(article?.paragraphs).toEqual([story]);
      }),
      { seed: 20261130, numRuns: 200 },
    );
  });

  it('a menu, tag cloud or archive list run together on one long line is not prose', () => {
    const TAGS = [
      'Politics',
      'Business',
      'Archives',
      'November',
      'October',
      'Sports',
      'Weather',
      'Opinion',
      'Travel',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TAGS), { minLength: 25, maxLength: 120 }),
        fc.boolean(),
        fc.shuffledSubarray(MORE, { minLength: 1, maxLength: 2 }),
        (tags, counts, more) => {
          const cloud = tags.map((t, i) => (counts ? `${t} (${i + 1})` : t)).join(' ');
          const story = [`${SUBJECTS[0]} ${ACTIONS[0]} ${REASONS[0]}`, ...more];
          const text = ['Home\nNews', cloud, 'Council delays vote on bus depot', ...story, cloud].join(
            '\n\n',
          );
          const article = parseDocument(text, { name: 'cloud.txt' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(story);
        },
      ),
      { seed: 20261130, numRuns: 100 },
    );
  });

  it('a short story under the headline that repeats the page title beats a longer comment thread below the related links', () => {
    const COMMENTS = [
      'I have lived near the old depot for twenty years and nobody from the council ever asked us what we thought about any of this. The buses already run past my house every ten minutes and the noise starts before six in the morning.',
      'This is exactly what happens every time. They spend years on a plan, then discover that the costs have doubled and start all over again. I would like to know who is paying for all these studies, because it is not the people who decided on them.',
      'The depot has to go somewhere and the site they picked is next to the ring road, which seems sensible to me. People complain about every single project in this town and then they complain that nothing ever gets built.',
    ];
    const NAMES = ['Pat from Riverside', 'oldtimer', 'J. Alvarez'];
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECTS),
        fc.constantFrom(...ACTIONS),
        fc.shuffledSubarray(MORE, { minLength: 1, maxLength: 2 }),
        fc.shuffledSubarray(COMMENTS, { minLength: 2, maxLength: 3 }),
        fc.constantFrom(' | The Daily Example', ' - Example News', ''),
        fc.integer({ min: 6, max: 8 }),
        (subject, action, more, comments, site, related) => {
          const headline = 'Council delays vote on the new bus depot';
          const story = [`${subject} ${action} ${REASONS[0]}`, ...more];
          const thread = comments.map((c, i) => `${NAMES[i]}\n\n${c}`);
          const text = [
            `${headline}${site}`,
            'Home\nNews\nSports',
            headline,
            'By Jane Doe',
            ...story,
            `Share\nTweet\nEmail\n${HEADLINES.slice(0, related).join('\n')}`,
            ...thread,
          ].join('\n\n');
          const article = parseDocument(text, { name: 'comments.txt' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(story);
        },
      ),
      { seed: 20261130, numRuns: 100 },
    );
  });

  it('a comments link above the headline does not cut off the story below it', () => {
    const WELCOME =
      'Welcome to the Example Journal! If you are new here, you can read about our team, browse the archive of past issues and sign up for the weekly letter. Each week the editors pick the stories that readers liked best and send them out on Friday morning, along with letters from readers and a few photographs from around the county. Thanks for stopping by.';
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECTS),
        fc.constantFrom(...ACTIONS),
        fc.shuffledSubarray(MORE, { minLength: 2, maxLength: 4 }),
        fc.constantFrom('Comments', 'Comments (12)', '3 Comments'),
        (subject, action, more, comments) => {
          const headline = 'Council delays vote on the new bus depot';
          const story = [`${subject} ${action} ${REASONS[1]}`, ...more];
          const text = [
            `${headline} | Example Journal`,
            'Home\nArchives\nAbout',
            WELCOME,
            comments,
            headline,
            'By Jane Doe',
            ...story,
            `More News\n${HEADLINES.join('\n')}`,
          ].join('\n\n');
          const article = parseDocument(text, { name: 'link.txt' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(story);
        },
      ),
      { seed: 20261130, numRuns: 50 },
    );
  });

  it('teasers cut off with an ellipsis ("[...]", "…") under a related list are not the story', () => {
    const TEASERS = [
      'The new bridge across the river has been delayed again, and engineers now say it will not open before the end of next year',
      'Voters in the northern district will choose a new council member next month after the sudden resignation of the previous holder',
      'The county fair returns this weekend with more rides, more food stalls and, for the first time in years, a livestock show',
      'A local bakery has won a national award for its sourdough bread, beating more than two hundred entries from across the country',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECTS),
        fc.shuffledSubarray(MORE, { minLength: 2, maxLength: 3 }),
        fc.shuffledSubarray(TEASERS, { minLength: 3, maxLength: 4 }),
        fc.constantFrom(' [...]', ' […]', '…', '...'),
        (subject, more, teasers, cut) => {
          const story = [`${subject} ${ACTIONS[2]} ${REASONS[2]}`, ...more];
          const related = teasers.map((t, i) => `${HEADLINES[i + 5]}\n${t}${cut}`).join('\n');
          const text = [
            'Home\nNews',
            'Council delays vote on bus depot',
            ...story,
            `Related Posts\n${related}`,
          ].join('\n\n');
          const article = parseDocument(text, { name: 'teasers.txt' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(story);
        },
      ),
      { seed: 20261130, numRuns: 100 },
    );
  });

  it('a blurb printed twice on the page (header and footer) loses to a shorter story printed once', () => {
    const BLURB = [
      'The Valley Courier has been published every morning since 1889 by a staff of forty reporters, photographers and editors who live in the towns they cover.',
      'Its readers live in the mountain villages in the north and the farming communities along the river in the south, and it is owned by a trust set up by its founding family.',
    ].join('\n\n');
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECTS),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...MORE),
        (subject, action, more) => {
          const story = [`${subject} ${action} ${REASONS[0]}`, more];
          const storyWords = words(story.join(' '));
          expect(storyWords).toBeLessThan(words(BLURB));
          expect(storyWords).toBeGreaterThan(words(BLURB) / 2);
          const text = [
            'Home\nNews\nSports',
            BLURB,
            `Most Read\n${HEADLINES.join('\n')}`,
            ...story,
            `More News\n${HEADLINES.join('\n')}`,
            BLURB,
          ].join('\n\n');
          const article = parseDocument(text, { name: 'blurb.txt' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(story);
        },
      ),
      { seed: 20261130, numRuns: 50 },
    );
  });

  it('a comment thread without a header, known by its bylines, is not more of a story of 60+ words', () => {
    const THREAD = [
      'I have lived near the old depot for twenty years and nobody from the council ever asked us what we thought about any of this.',
      'This is exactly what happens every time. They spend years on a plan, then discover that the costs have doubled and start again.',
      'The depot has to go somewhere and the site they picked is next to the ring road, which seems sensible to me.',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECTS),
        fc.shuffledSubarray(MORE, { minLength: 3, maxLength: 4 }),
        fc.constantFrom('says:', 'wrote:', 'May 3, 2012 at 9:15 pm', '3 May 2012 21:15'),
        (subject, more, byline) => {
          const headline = 'Council delays vote on the new bus depot';
          const story = [`${subject} ${ACTIONS[0]} ${REASONS[2]}`, ...more];
          const thread = THREAD.map((c, i) => `Reader${i + 1} ${byline}\n\n${c}`);
          const text = [`${headline} | Example News`, 'Home\nNews', headline, ...story, ...thread].join(
            '\n\n',
          );
          const article = parseDocument(text, { name: 'thread.txt' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(story);
        },
      ),
      { seed: 20261130, numRuns: 50 },
    );
  });

  it('a closing quote full of "we" and "our" after a subhead stays in the story (it is no service block)', () => {
    const QUOTES = [
      '"We will keep fighting for our neighbourhood, and we will be at every one of those meetings until they listen to us," said Ana Ruiz, who leads the residents\' group.',
      '"Our members have waited three years for this, and we are not going to let it slip again," said the union\'s local secretary.',
      '"We owe it to our children to get this right, and we will take whatever time we need," the mayor told reporters after the vote.',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECTS),
        fc.shuffledSubarray(MORE, { minLength: 2, maxLength: 4 }),
        fc.constantFrom(...QUOTES),
        fc.constantFrom('What happens next', 'Reaction', 'The next steps'),
        (subject, more, quote, subhead) => {
          const story = [`${subject} ${ACTIONS[1]} ${REASONS[1]}`, ...more];
          const text = [
            'Home\nNews',
            'Council delays vote on bus depot',
            ...story,
            subhead,
            quote,
            `More News\n${HEADLINES.join('\n')}`,
          ].join('\n\n');
          const article = parseDocument(text, { name: 'quote.txt' }).items[0]?.article;
          expect(article?.paragraphs).toContain(quote);
        },
      ),
      { seed: 20261130, numRuns: 50 },
    );
  });
});
