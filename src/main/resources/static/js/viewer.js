// Light progressive enhancement: the pages work without it. Here: the idle time-out warning.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="idle-timeout"]');
  var dialog = document.getElementById('idle-warning');
  if (!meta || !dialog) { return; }
  var timeout = parseInt(meta.getAttribute('content'), 10) * 1000;
  var warnBefore = Math.min(120000, timeout / 4);
  var countdown = document.getElementById('idle-countdown');
  var stay = document.getElementById('idle-stay');
  var lastActive = Date.now();
  var lastFocus = null;
  var ticking = null;

  function show() {
    lastFocus = document.activeElement;
    dialog.hidden = false;
    stay.focus();
    ticking = setInterval(tick, 1000);
    tick();
  }
  function hide() {
    dialog.hidden = true;
    clearInterval(ticking);
    ticking = null;
    if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
  }
  function tick() {
    var left = Math.max(0, Math.round((lastActive + timeout - Date.now()) / 1000));
    countdown.textContent = 'You will be signed out in ' + Math.floor(left / 60) + ' min ' + (left % 60) + ' s.';
    if (left <= 0) { clearInterval(ticking); document.getElementById('idle-sign-out').submit(); }
  }
  stay.addEventListener('click', function () {
    fetch('/session/keep-alive', { credentials: 'same-origin' }).then(function (r) {
      if (r.ok) { lastActive = Date.now(); hide(); } else { window.location.assign('/login?timeout'); }
    });
  });
  dialog.addEventListener('keydown', function (e) {
    if (e.key === 'Tab') { // keep focus inside the dialog
      var f = dialog.querySelectorAll('button');
      if (e.shiftKey && document.activeElement === f[0]) { e.preventDefault(); f[f.length - 1].focus(); }
      else if (!e.shiftKey && document.activeElement === f[f.length - 1]) { e.preventDefault(); f[0].focus(); }
    }
  });
  setInterval(function () {
    if (ticking === null && Date.now() > lastActive + timeout - warnBefore) { show(); }
  }, 1000);
})();
