/* Site search (站内搜索): drives Pagefind's JavaScript API from the header's search box.
 *
 * Nothing is fetched until someone uses the box. A query is normalised, stripped of question words
 * (怎么、如何、在哪里…), segmented against the index's own vocabulary (the index was segmented by
 * jieba at build time; the browser's segmenter cuts differently) and tried with the office's
 * synonyms (低保 → 最低生活保障). The towns' copies of one template table come back as one result.
 * Searches run on the input event, so typing, pasting and voice input all search.
 * A result link carries ?h=<words>; on the page it opens, those words are marked whole. */
(function () {
  "use strict";
  var form = document.querySelector("[data-zwgk-search]");
  var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var base = new URL((config.base || ".") + "/", location.href);
  highlight();
  if (!form) return;
  var box = form.querySelector("input[type=search]");
  var toggle = document.getElementById("__search");
  var list = document.querySelector(".zwgk-search__list");
  var status = document.querySelector(".zwgk-search__status");
  var more = document.querySelector(".zwgk-search__more");
  var engine = null, data = null, seq = 0, shown = [], pending = [], terms = [];
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  var PAGE = 8, FIRST = 3;  /* the first results show before the rest of the page's data arrives */

  function load() {
    if (!engine) {
      var url = new URL("pagefind/", base).href;
      var ranking = { pageLength: 0.25, termFrequency: 0.6, termSaturation: 1.2 };
      engine = Promise.all([
        import(url + "pagefind.js").then(function (pf) {
          return pf.options({ basePath: url, noWorker: true, ranking: ranking })
            .then(function () { return pf; });
        }),
        fetch(url + "zwgk-search.json").then(function (r) { return r.json(); })
      ]).then(function (both) {
        data = both[1];
        data.vocab = new Set(data.words.split("|"));
        data.longest = data.words.split("|").reduce(function (n, w) { return Math.max(n, w.length); }, 1);
        /* a large site's index comes in parts (zwgk/search.py, PART_BYTES), searched as one */
        return Promise.all((data.parts || []).map(function (part) {
          return both[0].mergeIndex(url + part, { ranking: ranking });
        })).then(function () { return both[0]; });
      });
    }
    return engine;
  }

  function clean(q) {
    q = q.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, " ").trim();
    data.question.forEach(function (w) { q = q.split(w).join(" "); });
    return q.replace(/\s+/g, " ").trim();
  }

  /* forward maximum matching against the index vocabulary; a lone character left over after a word
     (户 in 五保户) names nothing and is dropped */
  function segment(q) {
    var out = [];
    q.split(" ").forEach(function (run) {
      if (!CJK.test(run)) { if (run) out.push(run); return; }
      var i = 0, rest = "";
      while (i < run.length) {
        var n = Math.min(data.longest, run.length - i), hit = "";
        for (; n >= 2; n--) if (data.vocab.has(run.substr(i, n))) { hit = run.substr(i, n); break; }
        if (hit) {
          if (rest.length > 1 || (rest && !out.length && i + hit.length >= run.length)) out.push(rest);
          rest = "";
          out.push(hit);
          i += hit.length;
        } else { rest += run[i]; i += 1; }
      }
      if (rest.length > 1 || (rest && !out.length)) out.push(rest);
    });
    return out;
  }

  /* the query as typed, and with each colloquial word replaced by what the catalogues say */
  function variants(q) {
    var out = [q];
    Object.keys(data.synonyms).sort(function (a, b) { return b.length - a.length; }).forEach(function (w) {
      out.slice().forEach(function (v) {
        if (v.indexOf(w) >= 0) data.synonyms[w].forEach(function (m) { out.push(v.split(w).join(" " + m + " ")); });
      });
    });
    return out.slice(0, 8).map(function (v) { return segment(v.replace(/\s+/g, " ").trim()); })
      .filter(function (t) { return t.length; });
  }

  /* a Chinese word as the index holds it: qz and four letters per character (zwgk/search.py, spell) */
  function spell(w) {
    if (!CJK.test(w)) return w;
    var out = "qz";
    for (var i = 0; i < w.length; i++) {
      var n = w.charCodeAt(i), d = "";
      for (var k = 0; k < 4; k++) { d = String.fromCharCode(97 + n % 26) + d; n = Math.floor(n / 26); }
      out += d;
    }
    return out;
  }

  function unspell(w) {
    var m = /^qz((?:[a-z]{4})+)([.,;:!?]*)$/.exec(w);
    if (!m) return w;
    var out = "";
    for (var i = 0; i < m[1].length; i += 4) {
      var n = 0;
      for (var k = 0; k < 4; k++) n = n * 26 + (m[1].charCodeAt(i + k) - 97);
      out += String.fromCharCode(n);
    }
    return out;
  }

  function run(pf, terms) {
    return pf.search(terms.map(spell).join(" ")).then(function (r) { return r.results; });
  }

  /* every word, else without the soft words (申请、电话…), else any word */
  function tiers(pf, sets) {
    var soft = new Set(data.soft);
    var tried = [
      sets,
      sets.map(function (t) { return t.filter(function (w) { return !soft.has(w); }); }).filter(function (t) { return t.length; }),
      [].concat.apply([], sets).map(function (w) { return [w]; })
    ];
    function attempt(k) {
      if (k >= tried.length) return Promise.resolve({ results: [], terms: [] });
      return Promise.all(tried[k].map(function (t) { return run(pf, t); })).then(function (all) {
        var best = new Map();
        all.forEach(function (rs, i) {
          rs.forEach(function (r) {
            var score = k === 2 ? r.score * 0.5 : r.score;
            var old = best.get(r.id);
            if (!old || old.score < score) best.set(r.id, { id: r.id, score: score, result: r });
          });
          if (!rs.length) tried[k][i] = null;
        });
        if (!best.size) return attempt(k + 1);
        var terms = [].concat.apply([], tried[k].filter(Boolean));
        return { results: Array.from(best.values()).sort(function (a, b) { return b.score - a.score; }), terms: terms };
      });
    }
    return attempt(0);
  }

  function search() {
    var q = box.value, mine = ++seq;
    if (!q.trim()) { render([], [], ""); return; }
    load().then(function (pf) {
      var sets = variants(clean(q));
      if (!sets.length) return { results: [], terms: [] };
      return tiers(pf, sets);
    }).then(function (found) {
      if (mine !== seq) return;
      pending = found.results;
      terms = found.terms;
      shown = [];
      list.textContent = "";
      return page(q, mine, FIRST).then(function () { return page(q, mine, PAGE - FIRST); });
    });
  }

  /* the next results: their page data, the towns' copies folded into the first of their group */
  function page(q, mine, n) {
    var batch = pending.splice(0, n);
    return Promise.all(batch.map(function (r) { return r.result.data(); })).then(function (pages) {
      if (mine !== seq) return;
      pages.forEach(function (p) {
        var group = p.meta.group;
        var same = group && shown.find(function (s) { return s.group === group; });
        if (same) { same.towns.push(p); return; }
        shown.push({ group: group, page: p, towns: [] });
      });
      render(shown, terms, q);
    });
  }

  function link(p, terms) {
    var url = new URL(p.url, base);
    if (terms.length) url.searchParams.set("h", terms.join(" "));
    return url.pathname + url.search;
  }

  function render(items, terms, q) {
    list.textContent = "";
    var none = document.querySelector(".zwgk-search__none");
    if (!q) { status.textContent = ""; more.hidden = true; none.hidden = true; pending = []; return; }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "md-search-result__item zwgk-search__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link zwgk-search__link";
      a.href = link(item.page, terms);
      var art = document.createElement("article");
      art.className = "md-search-result__article md-typeset";
      var h = document.createElement("h1");
      h.textContent = item.towns.length ? item.page.meta.title + " 等 " + (item.towns.length + 1) + " 个镇街" : item.page.meta.title;
      art.appendChild(h);
      var ex = excerpt(item.page);
      if (ex) art.appendChild(ex);
      a.appendChild(art);
      li.appendChild(a);
      if (item.towns.length) {
        var p = document.createElement("p");
        p.className = "zwgk-search__towns";
        p.appendChild(document.createTextNode("其他镇街："));
        item.towns.forEach(function (t) {
          var ta = document.createElement("a");
          ta.href = link(t, terms);
          ta.textContent = t.meta.title.replace(/基层政务公开标准目录$/, "").replace(/领域$/, "");
          p.appendChild(ta);
        });
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    none.hidden = items.length > 0;
    status.textContent = items.length ? "找到 " + (items.length + pending.length) + " 个结果" : "";
    more.hidden = pending.length === 0;
  }

  /* a few words around the first match in the page's text (not its title), the matches marked */
  function excerpt(p) {
    var words = p.content.split(" ").map(unspell), head = parseInt(p.meta.head || "0", 10);
    var at = p.locations.filter(function (l) { return l >= head; });
    var body = document.createElement("p");
    if (!at.length) { return null; }
    var from = Math.max(head, at[0] - 8), to = Math.min(words.length, at[0] + 16);
    var marks = new Set(p.locations);
    var prev = "";
    for (var i = from; i < to; i++) {
      var w = words[i];
      if (prev && !(CJK.test(prev.slice(-1)) && CJK.test(w[0]))) body.appendChild(document.createTextNode(" "));
      if (marks.has(i)) {
        var m = document.createElement("mark");
        m.textContent = w;
        body.appendChild(m);
      } else body.appendChild(document.createTextNode(w));
      prev = w;
    }
    if (from > head) body.insertBefore(document.createTextNode("…"), body.firstChild);
    if (to < words.length) body.appendChild(document.createTextNode("…"));
    return body;
  }

  function open(state) {
    if (toggle && toggle.checked !== state) toggle.checked = state;
  }

  box.addEventListener("input", search);
  box.addEventListener("focus", function () { open(true); load(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", function () { setTimeout(search, 0); box.focus(); });
  more.addEventListener("click", function () { page(box.value, seq, PAGE); });
  if (toggle) {
    toggle.addEventListener("change", function () { if (toggle.checked) box.focus(); });
  }
  document.addEventListener("keydown", function (e) {
    var inside = form.closest(".md-search").contains(document.activeElement);
    if (e.key === "Escape" && inside) {
      open(false);
      box.blur();
    } else if (inside && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      var links = Array.prototype.slice.call(document.querySelectorAll(".zwgk-search__link"));
      var i = links.indexOf(document.activeElement);
      var next = e.key === "ArrowDown" ? i + 1 : i - 1;
      if (next < 0) box.focus(); else if (links[next]) links[next].focus();
      e.preventDefault();
    } else if (!inside && (e.key === "/" || e.key === "s") && !/input|textarea|select/i.test(document.activeElement.tagName)) {
      open(true);
      box.focus();
      e.preventDefault();
    }
  });

  /* the words a result link was found by, marked whole on the page it opens */
  function highlight() {
    var h = new URLSearchParams(location.search).get("h");
    var root = document.querySelector("article.md-content__inner");
    if (!h || !root) return;
    var terms = h.split(" ").filter(function (t) { return t.length > 0; })
      .sort(function (a, b) { return b.length - a.length; });
    if (!terms.length) return;
    var rx = new RegExp(terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return /^(SCRIPT|STYLE|MARK)$/.test(n.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, m, frag = null;
      rx.lastIndex = 0;
      while ((m = rx.exec(text))) {
        frag = frag || document.createDocumentFragment();
        frag.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.className = "zwgk-hit";
        mark.textContent = m[0];
        frag.appendChild(mark);
        last = m.index + m[0].length;
      }
      if (frag) {
        frag.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(frag, node);
      }
    });
  }
})();
