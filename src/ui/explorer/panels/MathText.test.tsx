// @vitest-environment happy-dom
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitMath } from './math-segments';
import { MathText } from './MathText';
import { mountRoot, unmountRoot } from '../../testing/dom-root';


let host: HTMLElement;
let root: Root;

beforeEach(() => {
  ({ host, root } = mountRoot());
});

afterEach(() => {
  unmountRoot(host, root);
});

function show(text: string): HTMLElement {
  act(() => root.render(<MathText text={text} />));
  return host;
}

describe('MathText', () => {
  it('shows HTML in step text as text, never as elements', () => {
    const el = show('Step 1: <img src=x onerror="alert(1)"> and <b>bold</b>');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.textContent).toBe('Step 1: <img src=x onerror="alert(1)"> and <b>bold</b>');
  });

  it('renders $\\frac{1}{2}$ with KaTeX', () => {
    const el = show('So $\\frac{1}{2}$ of it.');
    expect(el.querySelector('.katex')).not.toBeNull();
    expect(el.querySelector('.katex .mfrac')).not.toBeNull();
    expect(el.querySelector('annotation')?.textContent).toBe('\\frac{1}{2}');
    expect(el.textContent).toMatch(/^So .* of it\.$/);
  });

  it('shows TeX that does not parse as written, marked "could not render"', () => {
    const el = show('Half is $\\frac{1}{$ here');
    expect(el.querySelector('.katex')).toBeNull();
    const bad = el.querySelector('.if-math-error');
    expect(bad?.textContent).toBe('$\\frac{1}{$');
    expect(bad?.getAttribute('title')).toMatch(/^could not render/);
    expect(el.textContent).toBe('Half is $\\frac{1}{$ here');
  });

  it('renders display math and \\( \\) delimiters, and no link from \\href (trust off)', () => {
    const el = show('\\[x^2\\] then \\(y\\) and $\\href{javascript:alert(1)}{z}$');
    expect(el.querySelectorAll('.katex').length).toBe(3);
    expect(el.querySelector('.katex-display')).not.toBeNull();
    expect(el.querySelector('a')).toBeNull();
  });

  it('leaves dollar amounts alone', () => {
    const el = show('Ben keeps $41 in a jar. He earns $43 mowing, so he has $84.');
    expect(el.querySelector('.katex')).toBeNull();
    expect(el.textContent).toBe('Ben keeps $41 in a jar. He earns $43 mowing, so he has $84.');
  });
});

describe('splitMath', () => {
  it('follows the pandoc dollar rule', () => {
    expect(splitMath('$5 and $6')).toEqual([{ kind: 'text', text: '$5 and $6' }]);
    expect(splitMath('a $x$ b')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'math', tex: 'x', display: false, raw: '$x$' },
      { kind: 'text', text: ' b' },
    ]);
    expect(splitMath('$$ x $$')).toEqual([{ kind: 'math', tex: ' x ', display: true, raw: '$$ x $$' }]);
    expect(splitMath('costs \\$5')).toEqual([{ kind: 'text', text: 'costs $5' }]);
    expect(splitMath('$a\\$b$')).toEqual([{ kind: 'math', tex: 'a\\$b', display: false, raw: '$a\\$b$' }]);
  });
});
