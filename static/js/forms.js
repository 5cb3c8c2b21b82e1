// Small helpers for Blangkon's forms. Every form works without this file:
// it only moves the focus, filters long checklists and replays a change made
// before HTMX was ready.
(function () {
  "use strict";
  if (window.blangkonForms) {
    return; // included by more than one form on the page
  }
  window.blangkonForms = true;

  // The error summary takes the focus after a failed submit, so a screen
  // reader reads it first; its links put the focus on the field itself (an
  // in-page link alone only scrolls).
  function focusSummary() {
    var heading = document.querySelector("[data-error-summary] h2");
    if (heading) {
      heading.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      var holder = field.closest(".field, fieldset") || field;
      holder.scrollIntoView({ block: "center" });
    }
  });

  // A checklist (.checklist): a text filter that hides the items whose label
  // does not contain what is typed, and buttons that tick a set of boxes.
  function normalise(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setUpChecklist(list) {
    var tools = list.querySelector("[data-checklist-tools]");
    var filter = list.querySelector("[data-checklist-filter]");
    var status = list.querySelector("[data-checklist-status]");
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-checklist-item]"));
    if (tools) {
      tools.hidden = false;
    }
    if (filter) {
      filter.addEventListener("input", function () {
        var wanted = normalise(filter.value);
        var shown = 0;
        items.forEach(function (item) {
          var match = normalise(item.textContent).indexOf(wanted) !== -1;
          item.hidden = !match;
          shown += match ? 1 : 0;
        });
        if (status) {
          status.textContent = shown + " " + (status.dataset.template || "");
        }
      });
    }
    list.querySelectorAll("[data-checklist-set]").forEach(function (button) {
      button.addEventListener("click", function () {
        var codes = button.dataset.checklistSet.split(" ");
        var all = button.dataset.checklistSet === "all";
        items.forEach(function (item) {
          var box = item.querySelector("input[type=checkbox]");
          box.checked = all || codes.indexOf(box.value) !== -1;
        });
      });
    });
  }

  // A select whose change HTMX answers (the product's category brings its
  // units) may be changed before HTMX has set itself up on a slow phone or
  // network; that change is lost. Once HTMX is ready, a select whose value
  // is no longer the one the page came with asks again.
  function catchUpEarlyChanges() {
    if (!window.htmx) {
      return;
    }
    window.htmx.onLoad(function (element) {
      element.querySelectorAll("select[data-htmx-catch-up]").forEach(function (select) {
        var original = Array.prototype.find.call(select.options, function (option) {
          return option.defaultSelected;
        });
        var originalValue = original ? original.value : select.options.length ? select.options[0].value : "";
        if (select.value !== originalValue) {
          window.htmx.trigger(select, "change");
        }
      });
    });
  }

  function start() {
    focusSummary();
    document.querySelectorAll("[data-checklist]").forEach(setUpChecklist);
  }

  catchUpEarlyChanges();

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
