// Countdowns to deadlines: "还剩3天4小时5分钟", updated every 30 seconds. The deadline is an ISO time
// with its offset (Beijing time), so the count is right whatever the device's own time zone.
(function () {
  "use strict";
  var clocks = document.querySelectorAll(".js-countdown[data-deadline]");
  if (!clocks.length) { return; }

  function text(clock, now) {
    var seconds = Math.floor((Date.parse(clock.dataset.deadline) - now) / 1000);
    if (isNaN(seconds)) { return clock.textContent; }
    if (seconds <= 0) { return clock.dataset.closed; }
    var minutes = Math.floor(seconds / 60);
    var d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    var pattern = d > 0 ? clock.dataset.days : clock.dataset.hours;
    return pattern.replace("{d}", d).replace("{h}", h).replace("{m}", m);
  }

  function tick() {
    var now = Date.now();
    clocks.forEach(function (clock) { clock.textContent = text(clock, now); });
  }

  tick();
  window.setInterval(tick, 30000);
})();
