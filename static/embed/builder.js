/* Builder page: copy buttons for the snippets. Without JavaScript the snippets stay
   selectable text and the buttons stay hidden. */
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.hidden = false;
    button.addEventListener("click", function (event) {
      var target = event.currentTarget;
      var source = document.getElementById(target.getAttribute("data-copy"));
      var status = document.getElementById(target.getAttribute("aria-describedby"));
      navigator.clipboard.writeText(source.value).then(function () {
        status.textContent = target.getAttribute("data-copied");
      });
    });
  }
})();
