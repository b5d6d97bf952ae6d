// The desk's little script: countdowns from the server's instants, and the summaries' charts.
// Everything else works without it (htmx only updates in place). No inline script: the pages' CSP
// allows scripts from this server only.
(function () {
  'use strict';
  // The server says what time it is (data-now) and when things are due; the browser adds only the
  // time since the page came, so a wrong clock on this PC cannot make a deadline look met.
  var session = document.querySelector('.session[data-now]');
  var serverNow = session ? Number(session.getAttribute('data-now')) : null;
  var loadedAt = Date.now();
  function now() { return serverNow === null ? Date.now() : serverNow + (Date.now() - loadedAt); }
  var zh = document.documentElement.lang !== 'en';
  function span(ms) {
    var m = Math.floor(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), mm = m % 60;
    if (zh) return d > 0 ? d + '天' + h + '小时' : h > 0 ? h + '小时' + mm + '分' : mm + '分钟';
    return d > 0 ? d + ' d ' + h + ' h' : h > 0 ? h + ' h ' + mm + ' min' : mm + ' min';
  }
  function tick() {
    if (session) {
      var left = Number(session.getAttribute('data-ends-at')) - now();
      var box = session.querySelector('.countdown');
      if (box) box.textContent = left > 0 ? span(left) : '0';
      if (left <= 0) window.location.href = '/signin';
    }
    document.querySelectorAll('.countdown-due[data-due]').forEach(function (el) {
      var ms = Number(el.getAttribute('data-due')) - now();
      el.classList.toggle('late', ms < 0);
      var row = el.closest('tr');
      if (row && ms < 0) row.classList.add('late');
      el.textContent = ms < 0 ? el.getAttribute('data-late-word') + ' ' + span(ms) : el.getAttribute('data-left-word') + span(ms);
    });
  }
  function charts() {
    var block = document.getElementById('chart-data');
    if (!block || !window.echarts) return;
    var d = JSON.parse(block.textContent);
    var grid = { left: 40, right: 12, top: 30, bottom: 30 };
    var el = document.getElementById('chart-perDay');
    if (el) echarts.init(el).setOption({ animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { fontSize: 11 } }, grid: { left: 30, right: 10, top: 40, bottom: 24 }, xAxis: { type: 'category', data: d.perDay.days }, yAxis: { type: 'value', minInterval: 1 }, series: d.perDay.series.map(function (s) { return { name: s.name, type: 'bar', stack: 'all', data: s.data }; }) });
    el = document.getElementById('chart-overdueRate');
    if (el) echarts.init(el).setOption({ animation: false, tooltip: { trigger: 'axis' }, grid: grid, xAxis: { type: 'category', data: d.overdueRate.weeks }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }, series: [{ type: 'line', data: d.overdueRate.rates, connectNulls: false, itemStyle: { color: '#b3261e' } }] });
    el = document.getElementById('chart-satisfaction');
    if (el) echarts.init(el).setOption({ animation: false, tooltip: { trigger: 'axis' }, grid: grid, xAxis: { type: 'category', data: d.satisfaction.months }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }, series: [{ type: 'bar', data: d.satisfaction.rates, itemStyle: { color: '#1e7b34' } }] });
  }
  document.addEventListener('DOMContentLoaded', function () {
    tick();
    setInterval(tick, 30000);
    charts();
  });
  document.addEventListener('htmx:afterSwap', tick);
})();
