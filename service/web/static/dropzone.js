// Drag and drop: a file dropped anywhere on the page becomes the upload form's file.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("file");
  var chosen = document.getElementById("chosen");
  if (!zone || !input) return;

  function show() {
    chosen.textContent = input.files.length ? "已选择：" + input.files[0].name : "";
  }
  function over(event) {
    event.preventDefault();
    zone.classList.add("over");
  }
  function leave() {
    zone.classList.remove("over");
  }
  window.addEventListener("dragover", over);
  window.addEventListener("dragleave", leave);
  window.addEventListener("drop", function (event) {
    event.preventDefault(); // never let the browser open the dropped file instead of the page
    leave();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
  input.addEventListener("change", show);
})();
