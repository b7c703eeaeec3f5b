// The citation's copy button: shown only where the script runs, since the text can be selected without it.
(function () {
  "use strict";
  var button = document.getElementById("copy-citation");
  var text = document.getElementById("citation");
  if (!button || !text || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(text.textContent).then(function () {
      button.textContent = "已复制";
    }, function () {
      button.textContent = "复制失败，请手动选择";
    });
  });
})();
