import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { Playback } from '../search/playback';
import { zeroCompute } from '../search/types';
import { MARKS, rewardColor } from './colors';
import { escapeXml, treeSvg } from './tree-svg';

const compute = zeroCompute();

/** Q → 0 → {1 ✓ "42", 2 ✗ "<img onerror>"}, Q → 3 (pruned), with rewards on 0 and 1. */
function smallPlayback(): Playback {
  const pb = new Playback({ isCorrect: (a) => a === '42' });
  const events: SearchEvent[] = [
    { type: 'node', id: 0, parent: null, depth: 1, text: 'Let x = 6 * 7', tokens: 5, terminal: false, compute },
    { type: 'score', id: 0, reward: 0.8, compute },
    { type: 'node', id: 1, parent: 0, depth: 2, text: 'So x = 42', tokens: 4, terminal: true, answer: '42', compute },
    { type: 'score', id: 1, reward: 0.95, compute },
    { type: 'node', id: 2, parent: 0, depth: 2, text: '<img src=x onerror=alert(1)> & "quotes"', tokens: 4, terminal: true, answer: '<img onerror>', compute },
    { type: 'node', id: 3, parent: null, depth: 1, text: 'a bad start', tokens: 3, terminal: false, compute },
    { type: 'prune', ids: [3], reason: 'budget', compute },
  ] as SearchEvent[];
  pb.append(events);
  pb.seek(events.length);
  return pb;
}

describe('treeSvg', () => {
  const pb = smallPlayback();
  const svg = treeSvg(pb, { orientation: 'tb', strategy: 'rebase', question: 'What is 6 × 7? <script>alert(1)</script>' });

  it('is a standalone SVG document', () => {
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('draws one node circle per node, coloured by reward', () => {
    expect(svg.match(/<g class="node"/g)).toHaveLength(pb.nodes.length);
    const nodeCircles = svg.match(/<g class="node"[^>]*><circle /g) ?? [];
    expect(nodeCircles).toHaveLength(4);
    expect(svg).toContain(`fill="${rewardColor(0.8)}"`);
    expect(svg).toContain(`fill="${rewardColor(null)}"`);
  });

  it('marks terminal steps ✓ and ✗ and fades the pruned node', () => {
    expect(svg).toContain(`>${MARKS.correct.glyph}</text>`);
    expect(svg).toContain(`>${MARKS.wrong.glyph}</text>`);
    expect(svg).toMatch(/<g class="node" data-id="3" opacity="0\.3">/);
    expect(svg).toContain('class="edges pruned"');
  });

  it('escapes model text and the question: no markup gets through', () => {
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(svg).toContain('&lt;img onerror&gt;');
    expect(svg).toContain('What is 6 × 7? &lt;script&gt;');
    // The only elements are the writer's own.
    const tags = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['circle', 'g', 'path', 'rect', 'svg', 'text', 'title']);
  });

  it('lays out left-to-right too, and an empty tree is still a document', () => {
    expect(treeSvg(pb, { orientation: 'lr', strategy: 'rebase', question: 'q' })).toContain('text-anchor="end"');
    const empty = treeSvg(new Playback(), { orientation: 'tb', strategy: 'greedy', question: '' });
    expect(empty).toContain('<svg');
    expect(empty).not.toContain('class="node"');
  });

  it('escapeXml replaces the five XML specials and control characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD');
  });
});
