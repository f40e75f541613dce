// reckon web: small behaviours only; every page works without them except the live parts.
"use strict";

function faDigits(text) {
  return String(text).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
}

// The Jalali date picker writes the date as text (year/month/day); the server reads it
// with the same date reader as a list's cells, so no calendar arithmetic happens here.
function setupJalali(root) {
  root.querySelectorAll("fieldset.jalali").forEach((box) => {
    const target = document.getElementById(box.dataset.target);
    const year = box.querySelector("[data-part=year]");
    const day = box.querySelector("[data-part=day]");
    const month = box.querySelector("[data-part=month]");
    if (!year.options.length) {
      year.add(new Option("", ""));
      for (let y = 1405; y >= 1300; y--) year.add(new Option(faDigits(y), y));
      day.add(new Option("", ""));
      for (let d = 1; d <= 31; d++) day.add(new Option(faDigits(d), d));
      month.insertBefore(new Option("", ""), month.firstChild);
      month.value = "";
    }
    const write = () => {
      if (!year.value) return;
      let text = year.value;
      if (month.value) text += "/" + month.value;
      if (month.value && day.value) text += "/" + day.value;
      target.value = faDigits(text);
      target.dispatchEvent(new Event("input", { bubbles: true }));
    };
    [year, month, day].forEach((s) => s.addEventListener("change", write));
  });
}

// Review by keyboard: m, n, u press the buttons of the pair shown.
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const button = document.querySelector(`#decide button[data-key="${event.key}"]`);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

function setupBars(root) {
  root.querySelectorAll(".bar[data-w]").forEach((bar) => {
    bar.style.width = `${Number(bar.dataset.w) || 0}%`;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupJalali(document);
  setupBars(document);
});
document.addEventListener("htmx:afterSwap", (event) => {
  setupJalali(event.target);
  setupBars(event.target);
});
