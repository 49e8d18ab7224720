// report.js: the script of `symbi report` pages, embedded at build time
// (embed.py). Plain JavaScript, no library, nothing fetched. It fills the
// filter bar, filters the map, the tables, the totals and the bar charts by firm,
// municipality, region, resource class, basis and a search text, shows a
// clicked firm's partnerships, near misses and streams, sorts tables by a
// column, and links a table row to its line on the map. It ends by marking
// <body data-ok="1">, and records errors in data-errors, which the browser
// test reads.
(function () {
var b = document.body, errs = [];
function fail(m) { errs.push(String(m)); b.setAttribute('data-errors', errs.join(' | ')); }
window.addEventListener('error', function (e) { fail(e.message); });
try {
var all = function (s, c) { return Array.prototype.slice.call((c || document).querySelectorAll(s)); };
var byId = function (id) { return document.getElementById(id); };
var F = byId('filters'), lang = document.documentElement.lang || 'en';
var words = function (k) { return F ? F.getAttribute('data-' + k) || '' : ''; };
var low = function (s) { return (s || '').toLowerCase(); };
var num = function (x) {
  var a = Math.abs(x), d = a >= 100 || a === Math.round(a) ? 0 : a >= 1 ? 1 : 2;
  return new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB',
    {minimumFractionDigits: d, maximumFractionDigits: d}).format(x).replace(/\u2212/g, '-');
};

// Firms, from their circles on the map.
var firms = [];
all('circle.firm').forEach(function (c) {
  var t = c.querySelector('title'), title = t ? t.textContent : '', id = c.getAttribute('data-id');
  var k = title.lastIndexOf(' (' + id + ')');
  firms[+c.getAttribute('data-f')] = {el: c, id: id, name: k >= 0 ? title.slice(0, k) : title,
    m: c.getAttribute('data-m') || '', g: c.getAttribute('data-g') || '', text: low(title)};
});
var firmText = function (i) { return firms[i] ? firms[i].text : ''; };

// The bar charts, redrawn from the partnerships the filter shows (the same
// ones the headline totals add up): by the resource class of each line, or
// by the region of its supplier.
var fixed = function (x, d) {
  return new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB',
    {minimumFractionDigits: d, maximumFractionDigits: d}).format(x).replace(/\u2212/g, '-');
};
var shortNum = function (x) { // as symbi__rp_short_num() in html.c
  var a = Math.abs(x), nb = lang === 'nb';
  if (a >= 1e9) return fixed(x / 1e9, a >= 1e11 ? 0 : 1) + ' ' + (nb ? 'mrd.' : 'bn');
  if (a >= 1e6) return fixed(x / 1e6, a >= 1e8 ? 0 : 1) + ' ' + (nb ? 'mill.' : 'M');
  if (a >= 1e4) return fixed(x / 1e3, a >= 1e5 ? 0 : 1) + ' k';
  return fixed(x, 0);
};
var charts = all('figure.chart svg[data-by]').map(function (svg) {
  return {by: svg.getAttribute('data-by'), lw: +svg.getAttribute('data-lw'), bw: +svg.getAttribute('data-bw'),
    bars: all('g.bar', svg)};
});
function drawCharts(counted) {
  charts.forEach(function (ch) {
    var sum = {}, max = 0;
    counted.forEach(function (it) {
      var k = ch.by === 'class' ? it.c : (firms[it.s] ? firms[it.s].g : '');
      var g = sum[k] || (sum[k] = {v: 0, n: 0});
      g.v += parseFloat(it.el.getAttribute('data-v')) || 0;
      g.n++;
    });
    Object.keys(sum).forEach(function (k) { max = Math.max(max, Math.abs(sum[k].v)); });
    ch.bars.forEach(function (bar) {
      var g = sum[bar.getAttribute('data-key') || ''] || {v: 0, n: 0};
      var len = max > 0 ? Math.abs(g.v) / max * ch.bw : 0;
      var rect = bar.querySelector('rect'), val = bar.querySelector('text.val');
      rect.setAttribute('width', len.toFixed(1));
      if (g.v < 0) rect.setAttribute('opacity', '0.45'); else rect.removeAttribute('opacity');
      val.setAttribute('x', (ch.lw + len + 6).toFixed(1));
      val.textContent = shortNum(g.v) + ' \u00b7 ' + g.n;
      bar.classList.toggle('zero', g.n === 0);
    });
  });
}

// Everything that follows the filter: map lines, table rows.
var items = [];
var classes = ['material', 'energy', 'water', 'gas'];
all('path.partnership').forEach(function (p) {
  var t = p.querySelector('title'), s = +p.getAttribute('data-s'), r = +p.getAttribute('data-r');
  var c = classes.filter(function (k) { return p.classList.contains(k); })[0] || '';
  items.push({el: p, map: true, s: s, r: r, c: c, b: p.classList.contains('sector') ? 's' : 'd',
    text: firmText(s) + ' ' + firmText(r) + ' ' + low(p.getAttribute('data-k')) + ' ' +
      low(p.getAttribute('data-id')) + ' ' + (t ? low(t.textContent) : '')});
});
all('tr[data-s]').forEach(function (tr) {
  var s = +tr.getAttribute('data-s'), r = +tr.getAttribute('data-r');
  var res = all('.res', tr).map(function (e) { return low(e.title); }).join(' ');
  items.push({el: tr, map: false, s: s, r: r, c: tr.getAttribute('data-c'), b: tr.getAttribute('data-b'),
    text: low(tr.textContent) + ' ' + res + ' ' + firmText(s) + ' ' + firmText(r) + ' ' +
      low(tr.getAttribute('data-id'))});
});

// The filter bar.
var q = byId('q'), sel = {firm: byId('f-firm'), muni: byId('f-muni'), region: byId('f-region'),
  cls: byId('f-class'), basis: byId('f-basis')};
function fill(select, pairs) {
  if (!select) return;
  var o = document.createElement('option'); o.value = ''; o.textContent = words('all'); select.appendChild(o);
  pairs.forEach(function (p) { var e = document.createElement('option'); e.value = p[0]; e.textContent = p[1]; select.appendChild(e); });
}
var cmp = function (a, c) { return a[1].localeCompare(c[1], lang); };
fill(sel.firm, firms.map(function (f, i) { return [String(i), f.name]; }).filter(Boolean).sort(cmp));
function uniq(key) {
  var seen = {}, out = [];
  firms.forEach(function (f) { if (f && f[key] && !seen[f[key]]) { seen[f[key]] = 1; out.push([f[key], f[key]]); } });
  return out.sort(cmp);
}
fill(sel.muni, uniq('m'));
fill(sel.region, uniq('g'));

function state() {
  return {q: low(q ? q.value.trim() : ''), firm: sel.firm ? sel.firm.value : '',
    muni: sel.muni ? sel.muni.value : '', region: sel.region ? sel.region.value : '',
    cls: sel.cls ? sel.cls.value : '', basis: sel.basis ? sel.basis.value : ''};
}
function firmPass(st, i) {
  var f = firms[i];
  return !!f && (st.firm === '' || String(i) === st.firm) && (st.muni === '' || f.m === st.muni) &&
    (st.region === '' || f.g === st.region);
}

function apply() {
  var st = state(), touched = [], np = 0, nf = 0, tot = {n: 0, v: 0, e: 0, 1: 0, 2: 0, 3: 0}, counted = [];
  items.forEach(function (it) {
    var on = (firmPass(st, it.s) || firmPass(st, it.r)) &&
      (st.cls === '' || !it.c || it.c === st.cls) && (st.basis === '' || !it.b || it.b === st.basis) &&
      (st.q === '' || it.text.indexOf(st.q) >= 0);
    if (it.map) {
      it.el.classList.toggle('off', !on);
      if (on) {
        np++;
        touched[it.s] = touched[it.r] = true;
        var p = it.el;
        if (p.getAttribute('data-u') === '1') {
          counted.push(it);
          tot.n++;
          tot.v += parseFloat(p.getAttribute('data-v')) || 0;
          tot.e += parseFloat(p.getAttribute('data-e')) || 0;
          var d = p.getAttribute('data-d');
          if (d in tot) tot[d] += parseFloat(p.getAttribute('data-q')) || 0;
        }
      }
    } else {
      it.el.hidden = !on;
    }
  });
  var narrow = st.cls !== '' || st.basis !== '';
  firms.forEach(function (f, i) {
    if (!f) return;
    var on = touched[i] || (!narrow && firmPass(st, i) && (st.q === '' || f.text.indexOf(st.q) >= 0));
    f.el.classList.toggle('off', !on);
    f.el.classList.toggle('sel', String(i) === st.firm);
    if (on) nf++;
  });
  all('.labels text').forEach(function (t) {
    var f = firms[+t.getAttribute('data-f')];
    t.classList.toggle('off', !!f && f.el.classList.contains('off'));
  });
  drawCharts(counted);
  all('.card[data-k]').forEach(function (c) {
    var k = c.getAttribute('data-k'), v = c.querySelector('.v');
    if (v && k in tot) v.textContent = num(tot[k]);
  });
  var status = byId('f-status');
  if (status) status.textContent = words('shown').replace('{p}', np).replace('{P}', all('path.partnership').length)
    .replace('{f}', nf).replace('{F}', firms.length);
  panel(st);
}

// A clicked firm: its name and where it is, then its partnerships, its
// streams that were not matched (with the reason: a near miss names the
// nearest firm that could have taken it) and all its streams, each list
// linking to its section, which the filter now narrows to the firm.
function cellText(c) { return c ? c.textContent.replace(/\s+/g, ' ').trim() : ''; }
function firstText(c) { return c && c.firstChild ? cellText(c.firstChild) : cellText(c); }
function panel(st) {
  var p = byId('firm-panel');
  if (!p) return;
  if (st.firm === '') { p.hidden = true; p.textContent = ''; return; }
  var f = firms[+st.firm];
  p.textContent = '';
  var h = document.createElement('h3'); h.textContent = words('firm') + ': ' + f.name; p.appendChild(h);
  var t = document.createElement('p'); t.textContent = f.el.querySelector('title').textContent; p.appendChild(t);
  var lists = [
    ['partnerships', 'p', function (r) { return firstText(r.cells[1]) + ' \u2192 ' + firstText(r.cells[2]) + ': ' +
      cellText(r.cells[3].querySelector('.res')) + ', ' + cellText(r.cells[4]); }],
    ['unmatched', 'u', function (r) { return cellText(r.cells[1].querySelector('.res')) + ', ' + cellText(r.cells[2]) +
      ': ' + cellText(r.cells[3]); }],
    ['streams', 't', function (r) { return cellText(r.cells[1]) + ' ' + cellText(r.cells[2]) + ', ' +
      cellText(r.cells[3]) + (cellText(r.cells[5]) ? ' (' + cellText(r.cells[5]) + ')' : ''); }]];
  lists.forEach(function (x) {
    var rows = all('#' + x[0] + ' tbody tr[data-s]').filter(function (r) { return !r.hidden; });
    var l = document.createElement('p'), a = document.createElement('a');
    a.href = '#' + x[0]; a.textContent = words(x[1]) + ': ' + rows.length; l.appendChild(a); p.appendChild(l);
    if (!rows.length) return;
    var ul = document.createElement('ul');
    rows.slice(0, 8).forEach(function (r) { var li = document.createElement('li'); li.textContent = x[2](r); ul.appendChild(li); });
    if (rows.length > 8) { var li = document.createElement('li'); li.textContent = '\u2026'; ul.appendChild(li); }
    p.appendChild(ul);
  });
  p.hidden = false;
}

function pick(i) {
  if (!sel.firm) return;
  sel.firm.value = String(i);
  apply();
  if (F && F.scrollIntoView) F.scrollIntoView({block: 'start'});
}
firms.forEach(function (f, i) { if (f) f.el.addEventListener('click', function () { pick(i); }); });
all('.labels text').forEach(function (t) { t.addEventListener('click', function () { pick(+t.getAttribute('data-f')); }); });
document.addEventListener('click', function (e) {
  var a = e.target.closest ? e.target.closest('a.fl') : null;
  if (a) { e.preventDefault(); pick(+a.getAttribute('data-f')); }
});
if (q) q.addEventListener('input', apply);
Object.keys(sel).forEach(function (k) { if (sel[k]) sel[k].addEventListener('change', apply); });
var reset = byId('f-reset');
if (reset) reset.addEventListener('click', function () {
  if (q) q.value = '';
  Object.keys(sel).forEach(function (k) { if (sel[k]) sel[k].value = ''; });
  apply();
});

// Sorting by a column: numbers by data-v, text by its content.
var lines = {};
all('path.partnership').forEach(function (p) { lines[p.getAttribute('data-id')] = p; });
all('table.sortable').forEach(function (t) {
  var body = t.tBodies[0], ths = t.tHead.rows[0].cells;
  Array.prototype.forEach.call(ths, function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending', isnum = th.getAttribute('data-type') === 'num';
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = x.cells[col], c = y.cells[col], r;
        if (isnum) {
          var u = parseFloat(a.getAttribute('data-v')), v = parseFloat(c.getAttribute('data-v'));
          if (isNaN(u)) u = -Infinity;
          if (isNaN(v)) v = -Infinity;
          r = u - v;
        } else r = a.textContent.localeCompare(c.textContent, lang);
        return asc ? r : -r;
      });
      Array.prototype.forEach.call(ths, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
  Array.prototype.forEach.call(body.rows, function (row) {
    var p = lines[row.getAttribute('data-id')];
    if (!p) return;
    row.addEventListener('mouseenter', function () { p.classList.add('hl'); });
    row.addEventListener('mouseleave', function () { p.classList.remove('hl'); });
  });
});
window.addEventListener('beforeprint', function () { all('details').forEach(function (d) { d.open = true; }); });
apply();
b.setAttribute('data-ok', '1');
} catch (e) { fail(e); }
})();
