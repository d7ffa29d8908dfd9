// The lineage graph: every node of the manifest, sources on the left to dashboards on the right (dagre), coloured by
// kind. Typing in the search box highlights matches and their upstream and downstream; clicking a node opens its page.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lineage-data').textContent);
  var colours = { source: '#14a37f', seed: '#e0a100', model: '#2f6fdf', snapshot: '#a35bd6', test: '#9aa5b1', exposure: '#fc4c02' };
  var elements = data.nodes.map(function (n) { return { data: { id: n.id, label: n.name, type: n.type, href: n.href } }; })
    .concat(data.edges.map(function (e, i) { return { data: { id: 'e' + i, source: e[0], target: e[1] } }; }));
  var cy = cytoscape({
    container: document.getElementById('lineage'),
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { 'label': 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center', 'shape': 'round-rectangle', 'width': 'label', 'height': 22, 'padding': '8px', 'color': '#fff', 'background-color': function (n) { return colours[n.data('type')] || '#2f6fdf'; } } },
      { selector: 'node[type = "test"]', style: { 'font-size': 9, 'height': 16 } },
      { selector: 'edge', style: { 'width': 1.2, 'line-color': '#cbd2d9', 'target-arrow-color': '#cbd2d9', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
      { selector: '.faded', style: { 'opacity': 0.15 } },
      { selector: '.hit', style: { 'border-width': 3, 'border-color': '#1f2933' } }
    ]
  });
  var tests = cy.nodes('[type = "test"]');
  function layout() { cy.elements(':visible').layout({ name: 'dagre', rankDir: 'LR', nodeSep: 8, rankSep: 70, animate: false }).run(); cy.fit(undefined, 20); }
  var showTests = document.getElementById('show-tests');
  function applyTests() { tests.style('display', showTests.checked ? 'element' : 'none'); layout(); }
  showTests.addEventListener('change', applyTests);
  applyTests();
  cy.on('tap', 'node', function (e) { window.location.href = e.target.data('href'); });
  var search = document.getElementById('lineage-search');
  function highlight(text) {
    cy.elements().removeClass('faded hit');
    if (!text) return;
    var hits = cy.nodes(':visible').filter(function (n) { return n.data('label').toLowerCase().indexOf(text.toLowerCase()) >= 0 || n.id() === text; });
    if (hits.length === 0) return;
    var keep = hits.union(hits.predecessors()).union(hits.successors());
    cy.elements().difference(keep).addClass('faded');
    hits.addClass('hit');
    cy.fit(keep, 40);
  }
  search.addEventListener('input', function () { highlight(search.value.trim()); });
  if (window.location.hash.length > 1) { var id = decodeURIComponent(window.location.hash.slice(1)); search.value = cy.getElementById(id).data('label') || id; highlight(id); }
  window.engineLineage = cy;
  document.body.setAttribute('data-rendered', 'true');
})();
