/* Candor widget loader.
   Turns <div data-candor-widget="alternatives" data-to="chatgpt"><a href="...">...</a></div>
   into a sandboxed, lazily loaded iframe from the Candor origin, sized by the height the
   widget reports. Sets no cookie, injects no <style> (sizes go through element.style, which
   a strict host CSP allows), and talks to no host but the one it was loaded from.
   Pages that add widgets later can call window.CandorWidgets.scan(). */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!script || !window.URL) return;
  var origin = new URL(script.src, location.href).origin;
  var KINDS = /^(alternatives|compare|retirement|campaign|assistant|switch)$/;
  // Widgets whose subject is part of the path rather than the query.
  var PATH_PARAM = { retirement: "model", campaign: "campaign", assistant: "assistant", switch: "assistant" };
  var SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";
  var MAX_HEIGHT = 10000;
  var frames = [];

  // data-<name> attributes become options; data-candor-* ones are the loader's own.
  function embedUrl(element, kind) {
    var path = "/embed/" + kind + "/";
    var query = [];
    for (var i = 0; i < element.attributes.length; i++) {
      var name = element.attributes[i].name;
      var value = element.attributes[i].value;
      if (name.indexOf("data-") !== 0 || name.indexOf("data-candor-") === 0) continue;
      name = name.slice(5).replace(/-/g, "_");
      if (name === PATH_PARAM[kind]) path += encodeURIComponent(value) + "/";
      else query.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
    }
    return origin + path + (query.length ? "?" + query.join("&") : "");
  }

  function mount(element) {
    var kind = element.getAttribute("data-candor-widget");
    if (!KINDS.test(kind || "") || element.hasAttribute("data-candor-ready")) return;
    element.setAttribute("data-candor-ready", "");
    var frame = document.createElement("iframe");
    frame.src = embedUrl(element, kind);
    frame.title = element.getAttribute("data-candor-title") || element.textContent.trim() || "Candor";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("sandbox", SANDBOX);
    frame.setAttribute("referrerpolicy", "no-referrer");
    var style = frame.style;
    style.display = "block";
    style.width = "100%";
    style.maxWidth = "100%";
    style.border = "0";
    style.height = (parseInt(element.getAttribute("data-candor-height"), 10) || 400) + "px";
    frames.push(frame);
    if (element.tagName === "A") {
      element.parentNode.replaceChild(frame, element);
    } else {
      element.textContent = "";
      element.appendChild(frame);
    }
  }

  function scan() {
    var found = document.querySelectorAll("[data-candor-widget]");
    for (var i = 0; i < found.length; i++) mount(found[i]);
  }

  // Only a number from one of our own frames, under our own message type, resizes anything.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "candor:resize") return;
    if (typeof data.height !== "number" || !isFinite(data.height)) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(0, Math.min(MAX_HEIGHT, Math.ceil(data.height))) + "px";
      }
    }
  });

  window.CandorWidgets = { scan: scan };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
