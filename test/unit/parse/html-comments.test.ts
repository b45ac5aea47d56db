// Blog pages composed from templates: a post, its "Posted by ... at <date>" footer and reader comments, all in
// the one container Readability keeps. The body is the post; comments, footer and a run of linked headlines
// after it are not (a page that is only a list of links keeps it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/parse/index.js';

const POST = [
  'The city council voted on Tuesday to delay a decision on the new bus depot until the spring, after residents of the three neighbourhoods around the site complained that they had not been consulted about the plans.',
  'Officials said the extra months would be used to hold public meetings in each of the affected neighbourhoods, and that the engineers would publish their revised cost estimates before the first of those meetings.',
  'The depot was expected to cost about forty million dollars when it was first proposed, but a report presented to the council last week put the figure at nearly twice that, mostly because of rising land prices.',
  'Opponents said they would keep collecting signatures for a petition against the plan, and several council members said they wanted to see the alternative sites that had been rejected by the transport department.',
];
const COMMENTS = [
  'I have lived near the old depot for twenty years and nobody from the council ever asked us what we thought about any of this. The buses already run past my house every ten minutes and the noise starts before six.',
  'This is exactly what happens every time. They spend years on a plan, then discover that the costs have doubled and start all over again. I would like to know who is paying for all these studies and reports.',
  'The depot has to go somewhere and the site they picked is next to the ring road, which seems sensible to me. People complain about every single project in this town and then complain that nothing gets built.',
];

const blogPage = fc.record({
  post: fc.shuffledSubarray(POST, { minLength: 3, maxLength: 4 }),
  comments: fc.shuffledSubarray(COMMENTS, { minLength: 2, maxLength: 3 }),
  container: fc.constantFrom(
    'comments',
    'commentlist',
    'comment-body',
    'comments-area',
    'dsq-comment-body',
    'neutral',
  ),
  footer: fc.constantFrom(
    '',
    'Posted by Jo Bloggs at October 28, 2012 01:23 PM',
    'Posted on 3 March 2021 at 9:15',
  ),
});

describe('HTML blog pages', () => {
  it('keep the post and drop the comments marked by their container or after the post footer', () => {
    fc.assert(
      fc.property(blogPage, (p) => {
        // Without a comment container, the footer is what ends the post.
        fc.pre(p.container !== 'neutral' || p.footer !== '');
        const comments = p.comments
          .map((c, i) => `<div class="${p.container}"><p>${c}</p><p class="meta">Reader ${i + 1}</p></div>`)
          .join('\n');
        const html = `<html><head><title>Council delays depot vote</title></head><body>
<div id="nav"><a href="/">Home</a> <a href="/news">News</a></div>
<div class="post"><h1>Council delays depot vote</h1>
${p.post.map((x) => `<p>${x}</p>`).join('\n')}
${p.footer ? `<p class="posted">${p.footer}</p>` : ''}
${comments}
</div>
<div id="footer"><a href="/about">About us</a></div></body></html>`;
        const article = parseDocument(html, { name: 'post.html' }).items[0]?.article;
        expect(article?.paragraphs).toEqual(p.post);
      }),
      { seed: 20261130, numRuns: 150 },
    );
  });

  it('drop a run of linked headlines in any case after the post, but keep a page that is a list of links', () => {
    const LINKS = [
      'Storm knocks out power to thousands across the valley',
      'School board approves new budget after a long debate',
      'Police search for driver after crash on Main Street',
      'Local team wins regional title in overtime',
      'Museum reopens with expanded gallery of local art',
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(POST, { minLength: 3, maxLength: 4 }),
        fc.shuffledSubarray(LINKS, { minLength: 3, maxLength: 5 }),
        (post, links) => {
          const list = links.map((l, i) => `<p><a href="/story/${i}">${l}</a></p>`).join('\n');
          const html = `<html><head><title>Council delays depot vote</title></head><body>
<div class="post"><h1>Council delays depot vote</h1>
${post.map((x) => `<p>${x}</p>`).join('\n')}
${list}
</div></body></html>`;
          const article = parseDocument(html, { name: 'links.html' }).items[0]?.article;
          expect(article?.paragraphs).toEqual(post);
        },
      ),
      { seed: 20261130, numRuns: 100 },
    );
    const linkPage = `<html><head><title>Useful sites</title></head><body><div class="links">
<p>Some interesting and useful web sites, collected over the years by the department for its students.</p>
${LINKS.map((l, i) => `<p><a href="/site/${i}">${l}</a></p>`).join('\n')}</div></body></html>`;
    const links = parseDocument(linkPage, { name: 'links.html' }).items[0]?.article;
    for (const l of LINKS) expect(links?.body).toContain(l);
  });
});
