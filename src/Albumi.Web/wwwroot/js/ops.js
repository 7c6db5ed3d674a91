// /ops reads itself again every few seconds unless the person pauses it (kept for this tab in sessionStorage).
const box = document.querySelector('[data-auto-refresh]');
if (box) {
  const seconds = Number(box.dataset.autoRefresh);
  const button = box.querySelector('[data-auto-refresh-pause]');
  const state = box.querySelector('[data-auto-refresh-state]');
  let timer = null;
  const show = (paused) => {
    button.setAttribute('aria-pressed', String(paused));
    button.textContent = paused ? 'Resume automatic refresh' : 'Pause automatic refresh';
    state.textContent = paused ? 'Automatic refresh is paused.' : `Reads again every ${seconds} seconds.`;
    clearTimeout(timer);
    if (!paused) timer = setTimeout(() => window.location.reload(), seconds * 1000);
  };
  button.addEventListener('click', () => {
    const paused = button.getAttribute('aria-pressed') !== 'true';
    sessionStorage.setItem('albumi-ops-paused', String(paused));
    show(paused);
  });
  box.hidden = false;
  show(sessionStorage.getItem('albumi-ops-paused') === 'true');
}
