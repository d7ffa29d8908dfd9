// Draws a dashboard from the spec and data embedded in the page (static) or fetched from engine serve (live).
// Every number shown comes from the chart's query; this file only lays it out.
(function () {
  'use strict';
  var spec = JSON.parse(document.getElementById('dashboard-spec').textContent);
  var charts = {};
  var palette = ['#fc4c02', '#2f6fdf', '#14a37f', '#a35bd6', '#e0a100', '#d6336c', '#0b7285', '#5c940d', '#862e9c', '#495057'];

  function decimals(format) {
    if (!format) return null;
    var dot = format.indexOf('.');
    return dot < 0 ? 0 : format.length - dot - 1;
  }

  function fmt(value, enc) {
    if (value === null || value === undefined || value === '') return '–';
    var n = Number(value);
    if (isNaN(n)) return String(value);
    var d = decimals(enc.format);
    var text = n.toLocaleString('en-US', d === null ? { maximumFractionDigits: 2 } : { minimumFractionDigits: d, maximumFractionDigits: d });
    return enc.units ? text + ' ' + enc.units : text;
  }

  function column(result, name) { return result.columns.indexOf(name); }

  function baseOption(chart) {
    var enc = chart.encoding;
    return {
      color: palette,
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, enc); } },
      grid: { left: 56, right: 20, top: 30, bottom: 56 },
      legend: { type: 'scroll', bottom: 0 }
    };
  }

  function cartesian(chart, result) {
    var enc = chart.encoding;
    var xi = column(result, enc.x), si = enc.series ? column(result, enc.series) : -1;
    var xs = [], seen = {};
    result.rows.forEach(function (r) { if (!(r[xi] in seen)) { seen[r[xi]] = xs.length; xs.push(r[xi]); } });
    var groups = [], byName = {};
    function group(name) {
      if (!(name in byName)) { byName[name] = groups.length; groups.push({ name: name, data: xs.map(function () { return null; }) }); }
      return groups[byName[name]];
    }
    result.rows.forEach(function (r) {
      enc.y.forEach(function (y) {
        var name = si >= 0 ? (r[si] === null ? '(none)' : r[si]) : y;
        if (si >= 0 && enc.y.length > 1) name = name + ' · ' + y;
        group(name).data[seen[r[xi]]] = r[column(result, y)] === null ? null : Number(r[column(result, y)]);
      });
    });
    var type = chart.type === 'area' ? 'line' : chart.type;
    var option = baseOption(chart);
    // Every category named on a bar chart of few bars (sport types), slanted when they would collide.
    var few = chart.type === 'bar' && xs.length <= 16;
    option.xAxis = { type: 'category', data: xs, axisTick: { alignWithLabel: true }, axisLabel: few ? { interval: 0, rotate: xs.length > 6 ? 30 : 0 } : {} };
    option.yAxis = { type: 'value', name: enc.units || '', axisLabel: { formatter: function (v) { return Number(v).toLocaleString('en-US'); } } };
    option.series = groups.map(function (g) {
      return {
        name: g.name, type: type, data: g.data, connectNulls: true,
        stack: chart.type === 'area' ? 'total' : undefined,
        areaStyle: chart.type === 'area' ? { opacity: 0.35 } : undefined,
        showSymbol: type === 'line', symbolSize: 5,
        emphasis: { focus: 'series' }
      };
    });
    if (groups.length <= 1) option.legend.show = false;
    return option;
  }

  function calendar(chart, result) {
    var enc = chart.encoding;
    var xi = column(result, enc.x), yi = column(result, enc.y[0]);
    var data = result.rows.map(function (r) { return [r[xi], Number(r[yi])]; });
    var days = data.map(function (d) { return d[0]; }).sort();
    var max = data.reduce(function (m, d) { return Math.max(m, d[1]); }, 0);
    var option = baseOption(chart);
    option.tooltip = { formatter: function (p) { return p.value[0] + '<br/>' + fmt(p.value[1], enc); } };
    option.visualMap = { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#fff3e8', '#fc4c02'] }, formatter: function (v) { return fmt(v, enc); } };
    option.calendar = { range: days.length ? [days[0], days[days.length - 1]] : new Date().getFullYear(), cellSize: ['auto', 14], top: 28, left: 40, right: 20, itemStyle: { borderColor: '#fff' }, yearLabel: { show: false } };
    option.series = [{ type: 'heatmap', coordinateSystem: 'calendar', data: data }];
    delete option.legend;
    return option;
  }

  // Web Mercator, so shapes look as on any web map; a tile layer, when configured, lines up with it.
  function mercatorY(lat) { var r = lat * Math.PI / 180; return Math.log(Math.tan(Math.PI / 4 + r / 2)) * 180 / Math.PI; }

  // Routes far apart (different cities) would shrink to dots on one fitted map, so routes starting within about
  // 150 km of each other share a panel: one small map per area, each fitted to its own routes, largest area first.
  function areas(routes) {
    var found = [];
    routes.forEach(function (r) {
      var start = r.coords[0], area = null;
      for (var i = 0; i < found.length && !area; i++) { if (Math.abs(found[i].at[0] - start[0]) < 1.5 && Math.abs(found[i].at[1] - start[1]) < 1.5) area = found[i]; }
      if (!area) { area = { at: start, routes: [] }; found.push(area); }
      area.routes.push(r);
    });
    return found.sort(function (a, b) { return b.routes.length - a.routes.length; }).slice(0, 6);
  }

  function map(chart, result, el) {
    var enc = chart.encoding;
    var ri = column(result, enc.route), si = enc.series ? column(result, enc.series) : -1, yi = enc.y.length ? column(result, enc.y[0]) : -1;
    var routes = result.rows.filter(function (r) { return r[ri] && r[ri].length > 1; }).map(function (r) {
      return { coords: r[ri].map(function (p) { return [p[1], mercatorY(p[0])]; }), name: si >= 0 ? r[si] : 'Routes', value: yi >= 0 ? r[yi] : null, lat: r[ri][0][0], lng: r[ri][0][1] };
    });
    var colourOf = {}, sports = [];
    routes.forEach(function (r) { if (!(r.name in colourOf)) { colourOf[r.name] = palette[sports.length % palette.length]; sports.push(r.name); } });
    var panels = areas(routes), cols = Math.min(3, Math.max(1, panels.length)), rowsN = Math.ceil(panels.length / cols) || 1;
    var panelH = 300, width = el.clientWidth || 1000;
    el.style.height = (rowsN * (panelH + 30) + 40) + 'px';
    var option = baseOption(chart);
    option.tooltip = { trigger: 'item', formatter: function (p) { return p.seriesName + (p.data.value !== null ? '<br/>' + fmt(p.data.value, enc) : ''); } };
    option.grid = []; option.xAxis = []; option.yAxis = []; option.series = []; option.title = [];
    var cellW = (width - 20) / cols;
    panels.forEach(function (panel, i) {
      var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      panel.routes.forEach(function (r) { r.coords.forEach(function (c) { minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]); minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]); }); });
      var w = cellW - 20, h = panelH - 10, dx = (maxX - minX) || 0.01, dy = (maxY - minY) || 0.01;
      // Fit the bounds to the panel without stretching: widen the narrower side.
      if (dx / dy > w / h) { var gy = (dx * h / w - dy) / 2; minY -= gy; maxY += gy; } else { var gx = (dy * w / h - dx) / 2; minX -= gx; maxX += gx; }
      var left = 10 + (i % cols) * cellW, top = 40 + Math.floor(i / cols) * (panelH + 30);
      option.title.push({ text: panel.routes.length + ' routes near ' + Math.abs(panel.routes[0].lat).toFixed(1) + '°' + (panel.routes[0].lat >= 0 ? 'N' : 'S') + ' ' + Math.abs(panel.routes[0].lng).toFixed(1) + '°' + (panel.routes[0].lng >= 0 ? 'E' : 'W'), left: left, top: top - 4, textStyle: { fontSize: 12, fontWeight: 'normal', color: '#616e7c' } });
      option.grid.push({ left: left, top: top + 18, width: w, height: h - 18, show: true, borderColor: '#e4e7eb', backgroundColor: '#fbfcfd' });
      option.xAxis.push({ type: 'value', gridIndex: i, min: minX, max: maxX, show: false });
      option.yAxis.push({ type: 'value', gridIndex: i, min: minY, max: maxY, show: false });
      var bySport = {};
      panel.routes.forEach(function (r) { (bySport[r.name] = bySport[r.name] || []).push({ coords: r.coords, value: r.value }); });
      Object.keys(bySport).forEach(function (name) {
        option.series.push({ name: name, type: 'lines', coordinateSystem: 'cartesian2d', xAxisIndex: i, yAxisIndex: i, polyline: true, data: bySport[name], itemStyle: { color: colourOf[name] }, lineStyle: { width: 1.4, opacity: 0.7, color: colourOf[name] }, emphasis: { lineStyle: { width: 3, opacity: 1 } } });
      });
    });
    option.legend.data = sports;
    if (spec.tileUrl) option.graphic = [{ type: 'text', right: 12, bottom: 4, style: { text: 'tiles: ' + spec.tileUrl, fill: '#9aa5b1', fontSize: 10 } }];
    return option;
  }

  function table(chart, result, body) {
    var enc = chart.encoding;
    // A column whose every value is a number is right-aligned, its header too, so digits line up under it.
    var numeric = result.columns.map(function (c, i) { return result.rows.every(function (r) { return r[i] === null || (r[i] !== '' && !isNaN(Number(r[i]))); }); });
    var html = '<table class="data"><thead><tr>' + result.columns.map(function (c, i) { return '<th' + (numeric[i] ? ' class="num"' : '') + '>' + escapeHtml(c.replace(/_/g, ' ')) + '</th>'; }).join('') + '</tr></thead><tbody>';
    result.rows.forEach(function (r) {
      html += '<tr>' + r.map(function (v, i) { return '<td' + (numeric[i] ? ' class="num"' : '') + '>' + escapeHtml(v === null ? '–' : String(v)) + '</td>'; }).join('') + '</tr>';
    });
    body.innerHTML = html + '</tbody></table>';
    return result.rows.length;
  }

  function escapeHtml(s) { return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }

  function draw(chart, result) {
    var card = document.getElementById('chart-' + chart.name);
    var body = card.querySelector('.body');
    card.setAttribute('data-rows', String(result.rows.length));
    if (chart.type === 'number') {
      var v = result.rows.length ? result.rows[0][column(result, chart.encoding.y[0])] : null;
      var text = fmt(v, { format: chart.encoding.format });
      body.innerHTML = '<div class="value" data-value="' + escapeHtml(String(v)) + '">' + escapeHtml(text.replace(/ .*$/, '')) + (chart.encoding.units ? '<small>' + escapeHtml(chart.encoding.units) + '</small>' : '') + '</div>';
      return;
    }
    if (chart.type === 'table') { table(chart, result, body); return; }
    if (!result.rows.length) { if (charts[chart.name]) { charts[chart.name].dispose(); delete charts[chart.name]; } body.innerHTML = '<div class="empty">No rows for these filters.</div>'; return; }
    if (!charts[chart.name]) { body.innerHTML = '<div class="chart"></div>'; charts[chart.name] = echarts.init(body.firstChild, null, { renderer: 'svg' }); }
    var el = body.firstChild;
    var option = chart.type === 'calendar' ? calendar(chart, result) : chart.type === 'map' ? map(chart, result, el) : cartesian(chart, result);
    charts[chart.name].resize();
    charts[chart.name].setOption(option, true);
  }

  function render(data) {
    spec.charts.forEach(function (c) { if (data.charts[c.name]) draw(c, data.charts[c.name]); });
    // Read by the browser tests (every chart drawn) and bench/web (time from navigation to the last chart).
    window.engineRenderedAt = performance.now();
    document.body.setAttribute('data-rendered', String(Date.now()));
  }

  function currentFilters() {
    var q = [];
    spec.filters.forEach(function (f) { var el = document.getElementById('filter-' + f.name); if (el && el.value !== '') q.push(encodeURIComponent(f.name) + '=' + encodeURIComponent(el.value)); });
    return q.join('&');
  }

  function refresh() {
    document.body.removeAttribute('data-rendered');
    fetch(spec.dataUrl + '?' + currentFilters()).then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(render)
      .catch(function (e) { document.getElementById('status').textContent = 'Could not load data: ' + e.message; });
  }

  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  window.engineDashboard = { charts: charts, spec: spec, refresh: refresh };
  if (spec.live) {
    spec.filters.forEach(function (f) { var el = document.getElementById('filter-' + f.name); if (el) el.addEventListener('change', refresh); });
    refresh();
  } else {
    render(JSON.parse(document.getElementById('dashboard-data').textContent));
  }
})();
