/* zwgk: table tools, the text-size and contrast controls, the printed page's address and date. Served from the site itself; no libraries, no CDN.
 * Without JavaScript every table still reads in full; these tools only filter and sort it. */
(function () {
  "use strict";

  /* ---- text size (文字大小), remembered across pages ---- */
  function setTextSize(size) {
    var root = document.documentElement;
    root.classList.remove("zwgk-text-lg", "zwgk-text-xl");
    if (size) root.classList.add("zwgk-text-" + size);
    try { localStorage.setItem("zwgk-text", size); } catch (e) { /* private mode: size lasts this page */ }
    document.querySelectorAll("[data-zwgk-text]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-zwgk-text") === size));
    });
  }

  function initTextSize() {
    var saved = "";
    try { saved = localStorage.getItem("zwgk-text") || ""; } catch (e) { saved = ""; }
    document.querySelectorAll("[data-zwgk-text]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-zwgk-text") === saved));
      b.addEventListener("click", function () { setTextSize(b.getAttribute("data-zwgk-text")); });
    });
  }

  /* ---- high contrast (高对比度), remembered across pages ---- */
  function initContrast() {
    var root = document.documentElement;
    document.querySelectorAll("[data-zwgk-contrast]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(root.classList.contains("zwgk-contrast")));
      b.addEventListener("click", function () {
        var on = root.classList.toggle("zwgk-contrast");
        try { localStorage.setItem("zwgk-contrast", on ? "1" : ""); } catch (e) { /* this page only */ }
        b.setAttribute("aria-pressed", String(on));
      });
    });
  }

  /* ---- on paper: the page's address and the date it was printed ---- */
  function initPrintInfo() {
    var url = document.querySelector("[data-zwgk-print-url]");
    var date = document.querySelector("[data-zwgk-print-date]");
    if (url && !url.textContent) url.textContent = " · " + location.href.split("#")[0];
    if (date) {
      var d = new Date();
      date.textContent = " · 打印日期：" + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
    }
  }

  /* ---- catalogue table tools (筛选、排序) ---- */
  var FILTERS = [
    { key: "audience", label: "公开对象" },
    { key: "method", label: "公开方式" },
    { key: "levels", label: "公开层级", multi: true },
    { key: "subjects", label: "公开主体", multi: true }
  ];
  var SORTS = [
    { key: "", label: "按序号" },
    { key: "一级事项", label: "按一级事项" },
    { key: "二级事项", label: "按二级事项" },
    { key: "公开时限", label: "按公开时限" },
    { key: "公开主体", label: "按公开主体" }
  ];
  var counter = 0;

  function values(row, key, multi) {
    var v = row.getAttribute("data-" + key) || "";
    return multi ? v.split("|").filter(Boolean) : [v];
  }

  function cellText(row, label) {
    var cell = row.querySelector('td[data-label="' + label + '"]');
    return cell ? cell.textContent.trim() : "";
  }

  function control(labelText, input) {
    var id = "zwgk-ctl-" + (++counter);
    var wrap = document.createElement("label");
    wrap.className = "zwgk-tools__field";
    wrap.setAttribute("for", id);
    var span = document.createElement("span");
    span.textContent = labelText;
    input.id = id;
    wrap.appendChild(span);
    wrap.appendChild(input);
    return wrap;
  }

  function select(options) {
    var s = document.createElement("select");
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o.value;
      opt.textContent = o.label;
      s.appendChild(opt);
    });
    return s;
  }

  function initTable(table) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var tools = document.createElement("div");
    tools.className = "zwgk-tools";
    tools.setAttribute("role", "search");
    tools.setAttribute("aria-label", "筛选和排序目录");

    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "输入关键词，如 低保";
    tools.appendChild(control("关键词", text));

    var selects = FILTERS.map(function (f) {
      var seen = {};
      rows.forEach(function (r) { values(r, f.key, f.multi).forEach(function (v) { if (v) seen[v] = true; }); });
      var opts = [{ value: "", label: "全部" }].concat(Object.keys(seen).sort().map(function (v) {
        return { value: v, label: v };
      }));
      var s = select(opts);
      s.setAttribute("data-key", f.key);
      s.setAttribute("data-multi", f.multi ? "1" : "");
      tools.appendChild(control(f.label, s));
      return s;
    });

    var sort = select(SORTS.map(function (o) { return { value: o.key, label: o.label }; }));
    tools.appendChild(control("排序", sort));

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "zwgk-tools__reset";
    reset.textContent = "清除筛选";
    tools.appendChild(reset);

    var status = document.createElement("p");
    status.className = "zwgk-tools__status";
    status.setAttribute("aria-live", "polite");
    tools.appendChild(status);

    function apply() {
      var q = text.value.trim().toLowerCase();
      var active = q !== "" || sort.value !== "";
      var shown = 0;
      rows.forEach(function (r) {
        var ok = q === "" || r.textContent.toLowerCase().indexOf(q) !== -1 ||
          cellText(r, "一级事项").toLowerCase().indexOf(q) !== -1;
        selects.forEach(function (s) {
          if (s.value) {
            active = true;
            if (values(r, s.getAttribute("data-key"), !!s.getAttribute("data-multi")).indexOf(s.value) === -1) ok = false;
          }
        });
        r.hidden = !ok;
        if (ok) shown++;
      });
      /* filtered or sorted rows no longer sit in their 一级事项 group: repeat the value in each row */
      table.classList.toggle("zwgk-unmerged", active);
      var ordered = rows.slice();
      if (sort.value) {
        ordered.sort(function (a, b) {
          return cellText(a, sort.value).localeCompare(cellText(b, sort.value), "zh-Hans-CN") ||
            rows.indexOf(a) - rows.indexOf(b);
        });
      }
      ordered.forEach(function (r) { tbody.appendChild(r); });
      status.textContent = "显示 " + shown + " / " + rows.length + " 项";
    }

    text.addEventListener("input", apply);
    selects.concat([sort]).forEach(function (s) { s.addEventListener("change", apply); });
    reset.addEventListener("click", function () {
      text.value = "";
      selects.forEach(function (s) { s.value = ""; });
      sort.value = "";
      apply();
      text.focus();
    });
    /* on a phone the tools wait behind one button, so the first row is on the first screen */
    tools.id = "zwgk-tools-" + (++counter);
    var open = document.createElement("button");
    open.type = "button";
    open.className = "zwgk-tools__open";
    open.textContent = "筛选和排序";
    open.setAttribute("aria-expanded", "false");
    open.setAttribute("aria-controls", tools.id);
    open.addEventListener("click", function () {
      var shown = tools.classList.toggle("zwgk-tools--open");
      open.setAttribute("aria-expanded", String(shown));
      if (shown) text.focus();
    });
    var wrap = table.closest(".zwgk-table-wrap") || table;
    var before = wrap.parentNode.querySelector(".zwgk-legend") || wrap;
    before.parentNode.insertBefore(open, before);
    before.parentNode.insertBefore(tools, before);
    apply();
  }

  function init() {
    initTextSize();
    initContrast();
    initPrintInfo();
    document.querySelectorAll("table.zwgk-catalogue").forEach(initTable);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
