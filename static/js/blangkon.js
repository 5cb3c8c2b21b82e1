/* Blangkon's own small script (no third-party code): the phone menu, the filter
   drawer, the compare bar, the searchable checklist and the browser's messages
   for refused fields in the page's language. Every page works without
   it; it only collapses what a phone would otherwise have to scroll past. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function onEscape(element, close) {
    element.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(true); }
    });
  }

  /* Phone menu: a button with aria-expanded that shows the navigation below it. */
  function setUpMenu(button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    function close(refocus) {
      button.setAttribute("aria-expanded", "false");
      if (refocus) { button.focus(); }
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
    });
    onEscape(menu, close);
    onEscape(button, close);
    document.addEventListener("click", function (event) {
      if (!button.contains(event.target) && !menu.contains(event.target)) { close(false); }
    });
  }

  /* Filter drawer: on a phone the filters open as a full-height panel. */
  function setUpDrawer(toggle) {
    var drawer = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!drawer) { return; }
    toggle.hidden = false;
    toggle.setAttribute("aria-expanded", "false");
    drawer.setAttribute("data-drawer", "closed");
    var closeButton = drawer.querySelector("[data-drawer-close]");
    function close(refocus) {
      drawer.setAttribute("data-drawer", "closed");
      toggle.setAttribute("aria-expanded", "false");
      document.body.classList.remove("drawer-open");
      if (refocus) { toggle.focus(); }
    }
    toggle.addEventListener("click", function () {
      drawer.setAttribute("data-drawer", "open");
      toggle.setAttribute("aria-expanded", "true");
      document.body.classList.add("drawer-open");
      (closeButton || drawer).focus();
    });
    if (closeButton) {
      closeButton.addEventListener("click", function () { close(true); });
    }
    onEscape(drawer, close);
    keepFocusInside(drawer);
  }

  /* While the drawer covers the page, Tab goes round its own controls: focus
     on the page behind would be on something the user cannot see. */
  function keepFocusInside(drawer) {
    var controls = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
    drawer.addEventListener("keydown", function (event) {
      if (event.key !== "Tab" || drawer.getAttribute("data-drawer") !== "open") { return; }
      var shown = Array.prototype.filter.call(drawer.querySelectorAll(controls), function (el) {
        return !el.disabled && el.getClientRects().length > 0;
      });
      if (!shown.length) { return; }
      var first = shown[0];
      var last = shown[shown.length - 1];
      var at = document.activeElement;
      if (event.shiftKey && (at === first || at === drawer)) {
        last.focus();
        event.preventDefault();
      } else if (!event.shiftKey && at === last) {
        first.focus();
        event.preventDefault();
      }
    });
  }

  /* Compare bar: hidden until a product is picked, then says how many. */
  function setUpCompareBar(bar) {
    var form = bar.closest("form");
    var label = bar.querySelector("[data-compare-count]");
    if (!form) { return; }
    function update() {
      var picked = form.querySelectorAll("input[name=id]:checked").length;
      bar.hidden = picked === 0;
      if (label) {
        var text = picked === 1 ? bar.getAttribute("data-one") : bar.getAttribute("data-many");
        label.textContent = (text || "").replace("__N__", String(picked));
      }
    }
    form.addEventListener("change", update);
    update();
  }

  /* Checklist: typing in its search field hides the options that do not match. */
  function setUpChecklist(input) {
    var list = input.closest(".checklist");
    if (!list) { return; }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim();
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = words !== "" && item.textContent.toLowerCase().indexOf(words) === -1;
      });
    });
  }

  /* The browser's own messages for a field it refuses ("Please fill out this
     field.") speak the browser's language, not the page's: an English Chromium
     answered an Indonesian page in English. The page carries its messages
     (#validity-messages, from base.html) and the refused field says them. */
  function validityMessage(field) {
    var texts = document.getElementById("validity-messages");
    var state = field.validity;
    if (!texts) { return ""; }
    function text(name) { return texts.getAttribute("data-msg-" + name) || ""; }
    if (state.valueMissing) {
      if (field.type === "radio") { return text("choose-option"); }
      if (field.type === "checkbox") { return text("tick"); }
      if (field.type === "file") { return text("choose-file"); }
      if (field.tagName === "SELECT") { return text("choose-item"); }
      return text("fill-in");
    }
    if (state.badInput) { return text("number"); }
    if (state.typeMismatch) { return text(field.type === "email" ? "email" : "format"); }
    if (state.rangeUnderflow) { return text("at-least").replace("{min}", field.min); }
    if (state.rangeOverflow) { return text("at-most").replace("{max}", field.max); }
    if (state.stepMismatch) { return text(field.step === "1" ? "whole" : "valid"); }
    if (state.patternMismatch) { return text("format") + (field.title ? " " + field.title : ""); }
    return "";  // too long or too short: no field sets minlength, and maxlength stops the typing
  }

  function sameGroup(field) {
    if (field.type !== "radio" || !field.form || !field.name) { return [field]; }
    return Array.prototype.filter.call(field.form.elements, function (el) {
      return el.type === "radio" && el.name === field.name;
    });
  }

  document.addEventListener("invalid", function (event) {
    var field = event.target;
    if (!field.setCustomValidity) { return; }
    field.setCustomValidity("");  // judge the value itself, not an earlier message
    var message = validityMessage(field);
    if (message) { field.setCustomValidity(message); }
  }, true);

  function clearMessage(event) {
    var field = event.target;
    if (!field.setCustomValidity) { return; }
    // A radio's message sits on the radio the browser refused, maybe not the one picked.
    sameGroup(field).forEach(function (el) {
      if (el.validity.customError) { el.setCustomValidity(""); }
    });
  }
  document.addEventListener("input", clearMessage, true);
  document.addEventListener("change", clearMessage, true);

  /* Each element is set up once, whether it came with the page or with an htmx swap. */
  function once(setUp) {
    return function (element) {
      if (element.hasAttribute("data-ready")) { return; }
      element.setAttribute("data-ready", "");
      setUp(element);
    };
  }

  function init(root) {
    root.querySelectorAll("[data-menu-button]").forEach(once(setUpMenu));
    root.querySelectorAll("[data-drawer-toggle]").forEach(once(setUpDrawer));
    root.querySelectorAll("[data-compare-bar]").forEach(once(setUpCompareBar));
    root.querySelectorAll(".checklist input[type=search]").forEach(once(setUpChecklist));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) { init(event.target); }
  });
})();
