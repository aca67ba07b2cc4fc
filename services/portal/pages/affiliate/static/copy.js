// The affiliate page's copy button (PA15): shown only where a script runs; without one the
// link stays a read-only field to select and copy. No inline script: the CSP allows 'self'.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copy);
  var status = document.getElementById("copy-status");
  function say(text) { if (status) { status.textContent = text; } }
  button.hidden = false;
  button.addEventListener("click", function () {
    field.select();
    var copied = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(field.value)
      : Promise.resolve(document.execCommand("copy")).then(function (ok) { if (!ok) { throw new Error("copy"); } });
    copied.then(function () { say(button.dataset.copied); }, function () { say(button.dataset.failed); });
  });
});
