// The indicators dashboard: reads /v1/stats/* of this same service (no other address is ever
// contacted) and draws them with the vendored Chart.js; every chart has a table of its numbers.
"use strict";

const TEXTS = {
  vi: {
    title: "Chỉ số phục vụ người dân, doanh nghiệp",
    subtitle: "Theo Quyết định 766/QĐ-TTg. Chỉ số liệu tổng hợp, không có thông tin cá nhân.",
    agency: "Cơ quan", field: "Lĩnh vực", allAgencies: "Tất cả cơ quan", allFields: "Tất cả lĩnh vực",
    period: "Kỳ", last12: "12 tháng gần nhất", month: "Tháng", quarter: "Quý", year: "Năm",
    custom: "Tùy chọn", from: "Từ ngày", to: "Đến ngày", apply: "Xem", indicators: "Các chỉ số",
    cellRule: "Số liệu của nhóm dưới 5 hồ sơ hoặc đánh giá không được công bố (—).",
    asOf: "Số hồ sơ đang giải quyết tính tại thời điểm", channels: "Hồ sơ theo kênh nộp",
    trend: "Xu hướng theo tháng", agencies: "So sánh giữa các cơ quan",
    tableChannels: "Bảng số liệu: hồ sơ theo kênh nộp", tableTrend: "Bảng số liệu: các tỷ lệ theo tháng (%)",
    tableAgencies: "Bảng số liệu: các cơ quan (%)", csvIndicators: "Tải CSV các chỉ số",
    csvTrend: "Tải CSV theo tháng", csvAgencies: "Tải CSV so sánh cơ quan",
    footer: "Dữ liệu từ hệ thống motcua.", channel: "Kênh", dossiers: "Số hồ sơ", share: "Tỷ lệ (%)",
    monthCol: "Tháng", agencyCol: "Cơ quan", submitted: "Hồ sơ", loading: "Đang tải…",
    failed: "Không tải được số liệu", of: "trên",
    groups: { online: "Dịch vụ trực tuyến", payment: "Thanh toán trực tuyến", progress: "Tiến độ giải quyết",
              satisfaction: "Mức độ hài lòng", digitisation: "Số hóa" },
    units: { days: "ngày", dong: "đ" },
  },
  en: {
    title: "Public service indicators",
    subtitle: "After Decision 766/QĐ-TTg. Aggregates only, no personal data.",
    agency: "Agency", field: "Field", allAgencies: "All agencies", allFields: "All fields",
    period: "Period", last12: "Last 12 months", month: "Month", quarter: "Quarter", year: "Year",
    custom: "Custom", from: "From", to: "To", apply: "Show", indicators: "Indicators",
    cellRule: "Figures of groups under 5 dossiers or ratings are withheld (—).",
    asOf: "Open dossiers counted at", channels: "Dossiers by channel", trend: "Trend by month",
    agencies: "Agencies compared", tableChannels: "Data table: dossiers by channel",
    tableTrend: "Data table: rates by month (%)", tableAgencies: "Data table: agencies (%)",
    csvIndicators: "Download the indicators (CSV)", csvTrend: "Download the trend (CSV)",
    csvAgencies: "Download the comparison (CSV)", footer: "Data from the motcua system.",
    channel: "Channel", dossiers: "Dossiers", share: "Share (%)", monthCol: "Month",
    agencyCol: "Agency", submitted: "Dossiers", loading: "Loading…", failed: "Could not load the figures",
    of: "of",
    groups: { online: "Online services", payment: "Online payment", progress: "Progress",
              satisfaction: "Satisfaction", digitisation: "Digitisation" },
    units: { days: "days", dong: "₫" },
  },
};
const COLOURS = ["#b3261e", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#57606a"];
const charts = {};
let lang = new URLSearchParams(location.search).get("lang") === "en" ? "en"
  : (localStorage.getItem("motcua.dashboard.lang") || "vi");

const $ = (id) => document.getElementById(id);
const t = (key) => TEXTS[lang][key];

function number(value, digits) {
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB",
    { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

function shown(value, unit) {
  if (value === null || value === undefined) return "—";
  if (unit === "percent") return number(value, 1) + " %";
  if (unit === "dong") return number(value, 0) + " " + t("units").dong;
  if (unit === "days") return number(value, 2) + " " + t("units").days;
  if (unit === "level") return number(value, 2) + " / 5";
  return number(value, 0);
}

function query() {
  const params = new URLSearchParams();
  if ($("agency").value) params.set("agency", $("agency").value);
  if ($("field").value) params.set("field", $("field").value);
  const kind = $("kind").value;
  if (kind === "month" && $("month").value) params.set("period", $("month").value);
  if (kind === "quarter" && $("quarter").value) params.set("period", $("quarter").value);
  if (kind === "year" && $("year").value) params.set("period", $("year").value);
  if (kind === "custom" && $("from").value && $("to").value) {
    params.set("from", $("from").value);
    params.set("to", $("to").value);
  }
  return params;
}

async function get(path, params) {
  const reply = await fetch(path + "?" + params.toString(),
    { headers: { "Accept-Language": lang, "Accept": "application/json" } });
  if (!reply.ok) {
    let detail = reply.statusText;
    try { detail = (await reply.json()).title; } catch (e) { /* not JSON */ }
    throw new Error(detail);
  }
  return reply.json();
}

function translate() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach((node) => { node.textContent = t(node.dataset.t); });
  document.title = t("title") + " — motcua";
  ["vi", "en"].forEach((code) => $("lang-" + code).setAttribute("aria-pressed", String(code === lang)));
}

function table(id, head, rows) {
  const node = $(id);
  const caption = node.querySelector("caption");
  node.replaceChildren(caption);
  const thead = node.createTHead().insertRow();
  head.forEach((text) => { const th = document.createElement("th"); th.scope = "col"; th.textContent = text; thead.append(th); });
  const body = node.createTBody();
  rows.forEach((cells) => {
    const row = body.insertRow();
    cells.forEach((cell, i) => {
      const td = i === 0 ? document.createElement("th") : document.createElement("td");
      if (i === 0) td.scope = "row";
      td.textContent = cell.text;
      if (cell.value !== undefined) td.dataset.value = cell.value === null ? "" : String(cell.value);
      row.append(td);
    });
  });
}

function draw(name, config) {
  if (charts[name]) charts[name].destroy();
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
  charts[name] = new Chart($("chart-" + name), config);
  $("chart-" + name).setAttribute("aria-label", t(name));
}

function kpis(data) {
  const box = $("kpis");
  box.replaceChildren();
  let group = null;
  data.indicators.forEach((item) => {
    if (item.group !== group) {
      group = item.group;
      const title = document.createElement("h3");
      title.className = "group-title";
      title.textContent = t("groups")[group];
      box.append(title);
    }
    const card = document.createElement("div");
    card.className = "kpi";
    card.dataset.key = item.key;
    card.dataset.value = item.value === null ? "" : String(item.value);
    const parts = [["label", item.label], ["value", shown(item.value, item.unit)],
      ["detail", item.numerator !== null && item.denominator !== null && item.unit === "percent"
        ? number(item.numerator, 0) + " " + t("of") + " " + number(item.denominator, 0) : ""],
      ["definition", item.definition]];
    parts.forEach(([cls, text]) => { const p = document.createElement("div"); p.className = cls; p.textContent = text; card.append(p); });
    box.append(card);
  });
  $("as-of").textContent = t("asOf") + " " + new Date(data.as_of).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB");
}

function channels(data) {
  const rows = data.channels;
  draw("channels", { type: "doughnut", data: { labels: rows.map((c) => c.label),
    datasets: [{ data: rows.map((c) => c.dossiers || 0), backgroundColor: COLOURS }] },
    options: { plugins: { legend: { position: "bottom" } } } });
  table("table-channels", [t("channel"), t("dossiers"), t("share")], rows.map((c) => [
    { text: c.label }, { text: shown(c.dossiers, "count"), value: c.dossiers },
    { text: shown(c.share, "percent"), value: c.share }]));
}

function trend(data) {
  draw("trend", { type: "line", data: { labels: data.months.map((m) => m.month),
    datasets: data.series.map((s, i) => ({ label: s.label, data: data.months.map((m) => m[s.key]),
      borderColor: COLOURS[i], backgroundColor: COLOURS[i], spanGaps: false, tension: 0.2 })) },
    options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { position: "bottom" } } } });
  table("table-trend", [t("monthCol"), t("submitted"), ...data.series.map((s) => s.label)],
    data.months.map((m) => [{ text: m.month }, { text: shown(m.submitted, "count"), value: m.submitted },
      ...data.series.map((s) => ({ text: shown(m[s.key], "percent"), value: m[s.key] }))]));
}

function agencies(data) {
  const series = data.series.slice(0, 3);
  draw("agencies", { type: "bar", data: { labels: data.agencies.map((a) => a.name),
    datasets: series.map((s, i) => ({ label: s.label, data: data.agencies.map((a) => a[s.key]),
      backgroundColor: COLOURS[i] })) },
    options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { position: "bottom" } } } });
  table("table-agencies", [t("agencyCol"), t("submitted"), ...data.series.map((s) => s.label)],
    data.agencies.map((a) => [{ text: a.name }, { text: shown(a.submitted, "count"), value: a.submitted },
      ...data.series.map((s) => ({ text: shown(a[s.key], "percent"), value: a[s.key] }))]));
}

async function options(path, select, valueKey) {
  const keep = select.value;
  const rows = await get(path, new URLSearchParams());
  select.replaceChildren(select.options[0]);
  rows.forEach((row) => { const o = document.createElement("option"); o.value = row[valueKey]; o.textContent = row.name; select.append(o); });
  select.value = keep;
}

async function load() {
  const params = query();
  $("status").textContent = t("loading");
  document.body.dataset.state = "loading";
  try {
    const compare = new URLSearchParams(params);
    compare.delete("agency");
    const [main, months, side] = await Promise.all([get("/v1/stats/indicators", params),
      get("/v1/stats/trend", params), get("/v1/stats/agencies", compare)]);
    $("scope").textContent = main.scope.name + " · " + main.period.from + " → " + main.period.to;
    kpis(main); channels(main); trend(months); agencies(side);
    $("csv-indicators").href = "/v1/stats/indicators.csv?" + params;
    $("csv-trend").href = "/v1/stats/trend.csv?" + params;
    $("csv-agencies").href = "/v1/stats/agencies.csv?" + compare;
    $("status").textContent = "";
    document.body.dataset.state = "ready";
  } catch (error) {
    $("status").textContent = t("failed") + ": " + error.message;
    document.body.dataset.state = "failed";
  }
}

function showWhen() {
  document.querySelectorAll(".when").forEach((node) => node.classList.toggle("shown", node.dataset.for === $("kind").value));
}

function defaults() {
  const today = new Date();
  const year = today.getFullYear();
  $("month").value = year + "-" + String(today.getMonth() + 1).padStart(2, "0");
  $("year").value = year;
  for (let y = year; y > year - 3; y--) {
    for (let q = 4; q >= 1; q--) { const o = document.createElement("option"); o.value = y + "-Q" + q; o.textContent = "Q" + q + "/" + y; $("quarter").append(o); }
  }
  $("quarter").value = year + "-Q" + (Math.floor(today.getMonth() / 3) + 1);
}

async function setLanguage(code) {
  lang = code;
  localStorage.setItem("motcua.dashboard.lang", code);
  translate();
  await Promise.all([options("/v1/agencies", $("agency"), "unit_code"), options("/v1/fields", $("field"), "code")]);
  await load();
}

document.addEventListener("DOMContentLoaded", () => {
  defaults();
  showWhen();
  $("kind").addEventListener("change", showWhen);
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); load(); });
  document.querySelectorAll(".lang button").forEach((b) => b.addEventListener("click", () => setLanguage(b.dataset.lang)));
  setLanguage(lang).catch((error) => { $("status").textContent = t("failed") + ": " + error.message; });
});
