// Albumi's pages post their forms as JSON to the public API and show the problem response's field errors next to
// the fields. No inline script anywhere: the Content-Security-Policy allows only this file.
'use strict';

function valuesOf(form) {
  const body = {};
  for (const input of form.querySelectorAll('input, select, textarea')) {
    if (!input.name) continue;
    if (input.hasAttribute('data-local')) continue;
    if (input.type === 'checkbox') body[input.name] = input.checked;
    else if (input.value !== '' || !input.hasAttribute('data-optional')) body[input.name] = input.value;
  }
  return body;
}

async function send(url, method, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body),
  });
  let problem = null;
  let result = null;
  if (!response.ok) {
    try { problem = await response.json(); } catch { problem = { title: response.statusText }; }
  } else if ((response.headers.get('Content-Type') || '').includes('json')) {
    result = await response.json();
  }
  return { response, problem, result };
}

function showProblem(form, problem) {
  const general = form.querySelector('[data-form-error]');
  let shown = false;
  for (const [field, messages] of Object.entries(problem.errors || {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (slot) {
      slot.textContent = messages.join(' ');
      form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
      shown = true;
    }
  }
  if (general) general.textContent = shown ? '' : (problem.detail || problem.title || 'Something went wrong.');
}

document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-api]');
  if (!form) return;
  event.preventDefault();
  for (const slot of form.querySelectorAll('.error, [data-form-error]')) slot.textContent = '';
  if (form.dataset.confirm !== undefined && form.querySelector('[data-local]').value !== form.dataset.confirm) {
    showProblem(form, { errors: { [form.querySelector('[data-local]').name]: ['Type the name exactly to confirm.'] } });
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const body = valuesOf(form);
    let { problem, result } = await send(form.dataset.api, form.dataset.method || 'POST', body);
    if (!problem && form.dataset.then) ({ problem } = await send(form.dataset.then, 'POST', body));
    if (problem) showProblem(form, problem);
    else if (form.dataset.result) showOnce(form, result[form.dataset.result]);
    else window.location.assign(form.dataset.next || window.location.pathname);
  } finally {
    if (button) button.disabled = false;
  }
});

// A secret shown once (a new API key): into its slot, with a copy button; it is never fetched again.
function showOnce(form, value) {
  const box = document.querySelector(form.dataset.resultTarget);
  box.querySelector('[data-result-slot]').textContent = value;
  box.hidden = false;
  form.reset();
}

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const text = document.querySelector(button.dataset.copy).textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select the key and copy it';
  }
});
