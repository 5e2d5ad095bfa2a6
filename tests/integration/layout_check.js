// Layout facts of the loaded page, for test_html_layout.py (evaluated in the page; the value is
// the completion value of this script). Measures what the reader sees:
//   scrollWidth     the document's width: more than the viewport means the page scrolls sideways
//   overflowing     elements sticking out right of the viewport (outside any scroll box)
//   small           visible text rendered under MIN_FONT px (SVG text: font size x the scale its
//                   viewBox is drawn at, from getScreenCTM)
//   broken          words drawn on two lines although they fit on one line of the block they
//                   flow in ("Autopil|ot", "0x810390|01" in a squeezed table column)
//   split           one-token code elements (error codes, rule IDs) drawn over more than one
//                   line box although they fit on one line
(() => {
  const MIN_FONT = 12;
  const out = {
    width: window.innerWidth,
    scrollWidth: document.scrollingElement.scrollWidth,
    overflowing: [], small: [], broken: [], split: [], texts: 0,
  };
  const LIMIT = 20;  // entries per list: enough to see what is wrong
  const push = (list, entry) => { if (out[list].length < LIMIT) out[list].push(entry); };
  const visible = (el) => {
    if (!el.getClientRects().length) return false;  // display:none, closed <details>, hidden rows
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && parseFloat(s.opacity) !== 0;
  };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = el.getAttribute('class');
    if (cls) s += '.' + cls.trim().split(/\s+/).join('.');
    return s;
  };
  const inScrollBox = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };

  // The widest a word can be and still fit on a line: the content box of the block the text
  // flows in. Table cells, flex and grid items are skipped (their width is what squeezes a word:
  // the table's or flex line's container counts), so are inline boxes.
  const blockish = new Set(['block', 'list-item', 'flow-root']);
  const arranged = /flex|grid|table/;
  const widths = new Map();
  const lineWidth = (el) => {
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const parent = a.parentElement ? getComputedStyle(a.parentElement).display : 'block';
      if (!blockish.has(getComputedStyle(a).display) || arranged.test(parent)) continue;
      if (!widths.has(a)) {
        const s = getComputedStyle(a);
        widths.set(a, a.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight));
      }
      return widths.get(a);
    }
    return document.documentElement.clientWidth;
  };
  const BREAKS = /[\s\-\u2010-\u2015\/\\]/;  // where a line may break anyway (or <wbr> lets it)

  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const text = node.data;
    if (!text.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('script, style, title') || !visible(el)) continue;
    out.texts++;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      if (m) size *= Math.hypot(m.a, m.b);
    }
    if (size < MIN_FONT - 0.05) push('small', {element: name(el), px: Math.round(size * 10) / 10, text: text.trim().slice(0, 50)});
    if (el instanceof SVGElement) continue;  // SVG text does not wrap
    // Words: the runs between spaces, hyphens, dashes, slashes and backslashes.
    for (const m of text.matchAll(/[^\s\-\u2010-\u2015\/\\]+/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5);
      if (rects.length < 2) continue;
      const width = rects.reduce((w, r) => w + r.width, 0);
      const line = lineWidth(el);
      if (width <= line) push('broken', {element: name(el), word: m[0], px: Math.round(width), line: Math.round(line)});
    }
  }
  // A code that is one word (an error code, a rule ID, a file:line) is one line box; commands and
  // paths may wrap between their words (checked above), a word wider than its line may break.
  for (const el of document.querySelectorAll('code, .code, .id')) {
    const text = el.textContent.trim();
    if (!text || BREAKS.test(text) || !visible(el) || el.closest('svg')) continue;
    const boxes = Array.from(el.getClientRects()).filter((r) => r.width > 0.5);
    const width = boxes.reduce((w, r) => w + r.width, 0);
    if (boxes.length > 1 && width <= lineWidth(el))
      push('split', {element: name(el), lines: boxes.length, text: text.slice(0, 50)});
  }
  const viewport = document.documentElement.clientWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > viewport + 0.5 && visible(el) && !inScrollBox(el))
      push('overflowing', {element: name(el), right: Math.round(r.right), text: el.textContent.trim().slice(0, 50)});
  }
  return out;
})()
