/* The DOM helpers the site's scripts share (loaded before them): every value goes into the page as
   text (textContent), never as HTML. */
window.HDC = window.HDC || {};
window.HDC.dom = (function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function link(text, href, className) {
    const node = element("a", text, className);
    node.href = href;
    return node;
  }

  return { ready: ready, element: element, link: link };
})();
