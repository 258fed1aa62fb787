// The loader's web page: polls the Locust-compatible JSON API and draws the tables and charts.
// Plain DOM and <canvas>, no library, so the page works offline from the jar.
"use strict";

const POLL_MILLIS = 2000;
const HISTORY_POINTS = 300;
const chartData = { time: [], rps: [], fails: [], p50: [], p95: [], users: [] };

const $ = (id) => document.getElementById(id);

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

const round = (value, digits = 0) => Number(value || 0).toFixed(digits);

function showTab(name) {
  if (!$("tab-" + name)) return;
  history.replaceState(null, "", "#" + name);
  document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => { t.hidden = t.id !== "tab-" + name; });
  if (name === "charts") drawCharts();
}

function showForm(visible) {
  $("start-panel").hidden = !visible;
}

async function loadConfig() {
  const config = await (await fetch("/config")).json();
  $("user_count").value = config.user_count;
  $("spawn_rate").value = config.spawn_rate;
  $("host").value = config.host || "";
  $("run_time").value = config.run_time || "";
  $("status-host").textContent = config.host || "-";
  $("workers-tab").hidden = !config.is_distributed;
  $("status-workers-box").hidden = !config.is_distributed;
}

async function swarm(event) {
  event.preventDefault();
  $("form-error").textContent = "";
  const body = new URLSearchParams(new FormData($("swarm-form")));
  const response = await fetch("/swarm", { method: "POST", body });
  const result = await response.json();
  if (!result.success) {
    $("form-error").textContent = result.message;
    return;
  }
  $("status-host").textContent = result.host || "";
  showForm(false);
  poll();
}

function renderStats(report) {
  const body = $("stats-table").tBodies[0];
  body.replaceChildren();
  for (const s of report.stats) {
    const row = document.createElement("tr");
    if (s.name === "Aggregated" && !s.method) row.className = "total";
    cell(row, s.method || "");
    cell(row, s.name);
    cell(row, s.num_requests);
    cell(row, s.num_failures);
    cell(row, s.median_response_time);
    cell(row, s["response_time_percentile_0.95"]);
    cell(row, s["response_time_percentile_0.99"]);
    cell(row, round(s.avg_response_time, s.avg_response_time < 10 ? 1 : 0));
    cell(row, s.min_response_time);
    cell(row, s.max_response_time);
    cell(row, round(s.avg_content_length));
    cell(row, round(s.current_rps, 1));
    cell(row, round(s.current_fail_per_sec, 1));
    body.appendChild(row);
  }
  const failures = $("failures-table").tBodies[0];
  failures.replaceChildren();
  for (const e of report.errors) {
    const row = document.createElement("tr");
    cell(row, e.occurrences);
    cell(row, e.method);
    cell(row, e.name);
    cell(row, e.error);
    failures.appendChild(row);
  }
  const workers = $("workers-table").tBodies[0];
  workers.replaceChildren();
  for (const w of report.workers || []) {
    const row = document.createElement("tr");
    cell(row, w.id);
    cell(row, w.state);
    cell(row, w.user_count);
    cell(row, round(w.cpu_usage) + "%");
    cell(row, round((w.memory_usage || 0) / 1048576) + " MB");
    workers.appendChild(row);
  }
  $("status-state").textContent = report.state;
  $("status-users").textContent = report.user_count;
  $("status-workers").textContent = report.worker_count || 0;
  $("status-rps").textContent = round(report.current_rps, 1);
  $("status-fail").textContent = round(report.fail_ratio * 100) + "%";
}

async function renderExceptions() {
  const data = await (await fetch("/exceptions")).json();
  const body = $("exceptions-table").tBodies[0];
  body.replaceChildren();
  for (const e of data.exceptions) {
    const row = document.createElement("tr");
    cell(row, e.count);
    cell(row, e.msg);
    const trace = document.createElement("pre");
    trace.textContent = e.traceback;
    cell(row, "").appendChild(trace);
    cell(row, e.nodes);
    body.appendChild(row);
  }
}

function remember(report) {
  if (report.state !== "running" && report.state !== "spawning") return;
  const push = (key, value) => {
    chartData[key].push(value);
    if (chartData[key].length > HISTORY_POINTS) chartData[key].shift();
  };
  const total = report.stats[report.stats.length - 1];
  push("time", new Date().toLocaleTimeString());
  push("rps", report.current_rps || 0);
  push("fails", total ? total.current_fail_per_sec : 0);
  const current = report.current_response_time_percentiles || {};
  push("p50", current["response_time_percentile_0.5"] || 0);
  push("p95", current["response_time_percentile_0.95"] || 0);
  push("users", report.user_count || 0);
}

// A small line chart: axes, a few value gridlines, one polyline per series.
function lineChart(canvas, series) {
  const ctx = canvas.getContext("2d");
  const width = canvas.width, height = canvas.height, left = 50, bottom = 20, top = 10;
  ctx.clearRect(0, 0, width, height);
  const points = chartData.time.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values)) * 1.1;
  ctx.font = "11px system-ui, sans-serif";
  ctx.strokeStyle = "#d9dde3";
  ctx.fillStyle = "#6b7280";
  for (let i = 0; i <= 4; i++) {
    const y = top + (height - top - bottom) * (1 - i / 4);
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(width, y); ctx.stroke();
    ctx.fillText(round(max * i / 4, max < 10 ? 1 : 0), 4, y + 4);
  }
  if (points > 0) {
    ctx.fillText(chartData.time[0], left, height - 4);
    const last = chartData.time[points - 1];
    ctx.fillText(last, width - ctx.measureText(last).width - 4, height - 4);
  }
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.values.forEach((v, i) => {
      const x = left + (width - left) * (points <= 1 ? 0 : i / (points - 1));
      const y = top + (height - top - bottom) * (1 - v / max);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}

function drawCharts() {
  if ($("tab-charts").hidden) return;
  lineChart($("chart-rps"), [{ values: chartData.rps, color: "#1b7f4c" }, { values: chartData.fails, color: "#c0392b" }]);
  lineChart($("chart-times"), [{ values: chartData.p50, color: "#1b7f4c" }, { values: chartData.p95, color: "#7b4bb7" }]);
  lineChart($("chart-users"), [{ values: chartData.users, color: "#2563eb" }]);
}

async function poll() {
  try {
    const report = await (await fetch("/stats/requests")).json();
    renderStats(report);
    remember(report);
    drawCharts();
    if (!$("tab-exceptions").hidden) await renderExceptions();
  } catch (e) {
    $("status-state").textContent = "unreachable";
  }
}

document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
  showTab(b.dataset.tab);
  if (b.dataset.tab === "exceptions") renderExceptions();
}));
$("swarm-form").addEventListener("submit", swarm);
$("edit-button").addEventListener("click", () => showForm($("start-panel").hidden));
$("stop-button").addEventListener("click", async () => { await fetch("/stop", { method: "POST" }); poll(); });
$("reset-button").addEventListener("click", async () => { await fetch("/stats/reset", { method: "POST" }); poll(); });

loadConfig().then(async () => {
  if (location.hash.length > 1) showTab(location.hash.slice(1));
  await poll();
  const state = $("status-state").textContent;
  showForm(state === "ready" || state === "stopped");
});
setInterval(poll, POLL_MILLIS);
