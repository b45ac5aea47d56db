import { describe, expect, it } from 'vitest';
import { extractDates } from '../../../src/parse/dates.js';
import { analyseEntities } from '../../../src/parse/entities.js';
import { detectLanguage } from '../../../src/parse/language.js';
import { extractQuotes } from '../../../src/parse/quotes.js';

describe('entities', () => {
  it('strips titles, resolves surnames and keeps State Department out of places', () => {
    const text =
      'U.S. Secretary of State Marco Rubio met Chinese President Xi Jinping in Beijing. The State Department said ' +
      'Rubio would return to Washington. Xi told reporters that Mr. Rubio was welcome. Officials in Kyiv and the ' +
      'European Union watched closely, as did the Bank of England.';
    const { entities } = analyseEntities(text);
    expect(entities.people).toEqual(['Marco Rubio', 'Xi Jinping']);
    expect(entities.places).toEqual(expect.arrayContaining(['Beijing', 'Washington', 'Kyiv']));
    expect(entities.places).not.toContain('State Department');
    expect(entities.organizations).toEqual(
      expect.arrayContaining(['State Department', 'European Union', 'Bank of England']),
    );
  });

  it('does not take sentence-initial words, months or companies that "said" for people', () => {
    const { entities } = analyseEntities(
      'However, Unilever said in March that sales fell. Prosecutors said nothing.',
    );
    expect(entities.people).toEqual([]);
  });
});

describe('quotes', () => {
  const attribute = (text: string) => extractQuotes(text, analyseEntities(text));

  it('attributes quotes after, before and around the speaker, resolving surnames and pronouns', () => {
    const text =
      'Foreign Minister Sergei Lavrov spoke on Monday.\n\n' +
      '“We have been warning about this for years,” Lavrov noted.\n\n' +
      'He added: “Nobody listened to us at the time.”\n\n' +
      '"The door remains open," said Marco Rubio, the secretary of state.';
    expect(attribute(text)).toEqual([
      { text: 'We have been warning about this for years', speaker: 'Sergei Lavrov' },
      { text: 'Nobody listened to us at the time.', speaker: 'Sergei Lavrov' },
      { text: 'The door remains open', speaker: 'Marco Rubio' },
    ]);
  });

  it('carries a quote left open at the end of a paragraph into the next one', () => {
    const text =
      'Ms Anna Berg said: "The first part of the plan is ready.\n\n"The second part will follow in May."';
    expect(attribute(text).map((q) => q.speaker)).toEqual(['Anna Berg', 'Anna Berg']);
  });

  it('leaves unattributed quotes without a speaker and ignores scare quotes', () => {
    expect(
      attribute('Critics called it “hybrid warfare” and “a plan that cannot possibly work at all”.'),
    ).toEqual([{ text: 'a plan that cannot possibly work at all', speaker: null }]);
  });
});

describe('dates', () => {
  const ref = new Date('2025-10-22T12:00:00Z'); // a Wednesday

  it('resolves absolute and relative mentions against the reference date', () => {
    const dates = extractDates(
      'Talks were held in Alaska in August and on Monday; the summit on October 30, 2025 was cancelled. ' +
        'On 5 March 2024 they met; yesterday they spoke; the report is due on 2025-11-02.',
      ref,
    );
    expect(dates).toEqual(
      expect.arrayContaining([
        { text: 'in August', date: '2025-08' },
        { text: 'Monday', date: '2025-10-20' },
        { text: 'October 30, 2025', date: '2025-10-30' },
        { text: '5 March 2024', date: '2024-03-05' },
        { text: 'yesterday', date: '2025-10-21' },
        { text: '2025-11-02', date: '2025-11-02' },
      ]),
    );
  });

  it('leaves relative mentions unresolved without a reference date', () => {
    expect(extractDates('They met on Monday in August.')).toEqual([
      { text: 'Monday', date: null },
      { text: 'in August', date: null },
    ]);
  });
});

describe('language', () => {
  it('detects the body language and says "und" when unsure', () => {
    expect(
      detectLanguage([
        'The council voted on Thursday to approve a new ferry line between the port and the island.',
      ]),
    ).toBe('en');
    expect(
      detectLanguage([
        'Le conseil municipal a voté jeudi pour approuver une nouvelle ligne de ferry entre le vieux port et l’île, mettant fin à dix ans de débat.',
      ]),
    ).toBe('fr');
    expect(
      detectLanguage([
        'Der Gemeinderat hat am Donnerstag beschlossen, eine neue Fährverbindung zwischen dem alten Hafen und der Insel einzurichten.',
      ]),
    ).toBe('de');
    expect(detectLanguage(['Short Title'])).toBe('und');
    expect(detectLanguage([])).toBe('und');
  });
});
