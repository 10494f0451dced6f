// Runs in the page (mermaid loaded): draws one diagram into #out and measures it from the SVG's boxes.
// Plain JavaScript, so the tests need no DOM types. See mermaid-browser.ts.
window.drawAndMeasure = async function (source, id, fontSize, columnWidth) {
  const out = document.getElementById('out');
  out.innerHTML = '';
  const mermaid = window.mermaid;
  let svgText;
  try {
    svgText = (await mermaid.render(id, source)).svg;
  } catch (e) {
    document.getElementById(`d${id}`)?.remove();
    return { error: String(e.message ?? e), width: 0, height: 0, textPx: 0, overlaps: [], nodes: 0, labels: 0 };
  }
  return window.measureSvg(svgText, fontSize, columnWidth);
};

// Shows an SVG in #out and measures it: text size at the column width, edge labels over nodes,
// zone titles or other edge labels (bounding boxes overlapping by more than 2 px each way).
window.measureSvg = function (svgText, fontSize, columnWidth) {
  const out = document.getElementById('out');
  out.innerHTML = svgText;
  const svg = out.querySelector('svg');
  if (svg.querySelector('.error-icon') || svg.querySelector('.error-text')) {
    return { error: 'mermaid drew an error box', width: 0, height: 0, textPx: 0, overlaps: [], nodes: 0, labels: 0 };
  }
  const box = svg.viewBox.baseVal;
  const shown = svg.getBoundingClientRect();
  const scale = Math.min(1, shown.width / box.width, columnWidth / box.width);
  const rect = (e) => e.getBoundingClientRect();
  const nodes = [...svg.querySelectorAll('g.node, g.cluster-label')].map((n) => ({ name: (n.textContent ?? '').trim(), r: rect(n) }));
  const labels = [...svg.querySelectorAll('g.edgeLabel')]
    .filter((l) => (l.textContent ?? '').trim() !== '')
    .map((l) => ({ name: (l.textContent ?? '').trim(), r: rect(l) }));
  const over = (a, b) => {
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return x > 2 && y > 2;
  };
  const overlaps = [];
  const titles = [...svg.querySelectorAll('g.cluster-label')].map((n) => ({ name: (n.textContent ?? '').trim(), r: rect(n) }));
  for (const t of titles) for (const n of nodes) if (!n.name.startsWith(t.name) && over(t.r, n.r)) overlaps.push(`zone title "${t.name}" over node "${n.name}"`);
  labels.forEach((l, i) => {
    for (const n of nodes) if (over(l.r, n.r)) overlaps.push(`edge label "${l.name}" over node "${n.name}"`);
    for (const m of labels.slice(i + 1)) if (over(l.r, m.r)) overlaps.push(`edge label "${l.name}" over edge label "${m.name}"`);
  });
  return { width: box.width, height: box.height, textPx: fontSize * scale, overlaps, nodes: nodes.length, labels: labels.length };
};
