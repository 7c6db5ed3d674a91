// Albumi's pages post their forms as JSON to the public API and show the problem response's field errors next to
// the fields. No inline script anywhere: the Content-Security-Policy allows only this file.
'use strict';

// Times: the server writes UTC (<time datetime> with the exact UTC in its title), which reads without script; here each
// becomes the browser's local time and how long ago (or ahead) it is, the UTC still shown on hover.
function showLocalTimes(root) {
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const time of root.querySelectorAll('time[datetime]')) {
    const at = new Date(time.dateTime);
    if (Number.isNaN(at.getTime())) continue;
    if (!time.title) time.title = `${at.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
    const seconds = Math.round((at.getTime() - Date.now()) / 1000);
    const [unit, size] = units.find(([, length]) => Math.abs(seconds) >= length) || ['second', 1];
    time.textContent = `${local.format(at)} (${relative.format(Math.round(seconds / size), unit)})`;
  }
}
showLocalTimes(document);

// The theme switch posts its form (which works without script, and sets the cookie the layout reads); with script
// the page stays where it is and only <html> changes.
document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-theme-switch]');
  if (!form || !event.submitter) return;
  event.preventDefault();
  const body = new URLSearchParams(new FormData(form, event.submitter));
  const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', redirect: 'manual' });
  if (response.type !== 'opaqueredirect' && !response.ok) {
    // Refused: post it again without script, so the error page says why.
    delete form.dataset.themeSwitch;
    form.requestSubmit(event.submitter);
    return;
  }
  const mode = event.submitter.value;
  document.documentElement.dataset.colorMode = mode;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', mode === 'auto' ? 'light dark' : mode);
  for (const button of form.querySelectorAll('button[name="mode"]')) button.setAttribute('aria-pressed', String(button === event.submitter));
  event.submitter.focus();
});

function valuesOf(form) {
  const body = {};
  for (const input of form.querySelectorAll('input, select, textarea')) {
    if (!input.name) continue;
    // The no-script fallback's fields (the antiforgery token) are for the page's own post, not the API.
    if (input.name.startsWith('__')) continue;
    if (input.hasAttribute('data-local')) continue;
    if (input.type === 'checkbox' && input.hasAttribute('data-list')) {
      // Ticked boxes sharing a name are one list of their values (an API key's scopes); none ticked and optional: left out.
      body[input.name] ??= [];
      if (input.checked) body[input.name].push(input.value);
    } else if (input.type === 'checkbox') body[input.name] = input.checked;
    else if (input.value !== '' || !input.hasAttribute('data-optional')) body[input.name] = input.value;
  }
  for (const list of form.querySelectorAll('input[data-list][data-optional]')) {
    if (body[list.name]?.length === 0) delete body[list.name];
  }
  return body;
}

async function send(url, method, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    // A DELETE carries a body only when its form has fields (turning off two-factor sends the code).
    body: method === 'GET' || (method === 'DELETE' && Object.keys(body).length === 0) ? undefined : JSON.stringify(body),
  });
  let problem = null;
  let result = null;
  if (!response.ok) {
    problem = await problemOf(response);
  } else if ((response.headers.get('Content-Type') || '').includes('json')) {
    result = await response.json();
  }
  return { response, problem, result };
}

// A refused request's problem response, or its status text when the body is not JSON.
async function problemOf(response) {
  try { return await response.json(); } catch { return { title: response.statusText }; }
}

// near: the pressed button of a form of many rows, whose own row shows the message.
function showProblem(form, problem, near) {
  const general = near?.closest('td, li')?.querySelector('[data-form-error]') || form.querySelector('[data-form-error]');
  let shown = false;
  for (const [field, messages] of Object.entries(problem.errors || {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (slot) {
      slot.textContent = messages.join(' ');
      form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
      shown = true;
    }
  }
  // Errors no field of the form owns (an import's JSON paths) are listed in the form's general slot.
  const unplaced = Object.entries(problem.errors || {})
    .filter(([field]) => !form.querySelector(`[data-error-for="${CSS.escape(field)}"]`))
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  // A problem without field errors whose type a field owns (a wrong second-factor code) is shown at that field.
  const typed = !shown && problem.type ? form.querySelector(`[data-error-for-type="${CSS.escape(problem.type)}"]`) : null;
  if (typed) {
    typed.textContent = problem.detail || problem.title;
    form.querySelector(`[name="${CSS.escape(typed.dataset.errorFor)}"]`)?.setAttribute('aria-invalid', 'true');
    shown = true;
  }
  if (general) {
    general.textContent = unplaced.length > 0 ? unplaced.join('\n') : shown ? '' : (problem.detail || problem.title || 'Something went wrong.');
  }
  form.querySelector('[aria-invalid="true"]')?.focus();
}

document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-api]');
  if (!form) return;
  event.preventDefault();
  for (const slot of form.querySelectorAll('.error, [data-form-error]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  // A form of many rows (pending invites) has one submit button per row: the button names its row ({name} in the
  // address is the pressed button's value when its name is name) and may ask its own question.
  const submitter = event.submitter;
  const ask = submitter?.dataset.ask ?? form.dataset.ask;
  if (ask !== undefined && !window.confirm(ask)) return;
  if (form.dataset.confirm !== undefined && form.querySelector('[data-local]').value !== form.dataset.confirm) {
    showProblem(form, { errors: { [form.querySelector('[data-local]').name]: [form.dataset.confirmError || 'Type the name exactly to confirm.'] } });
    return;
  }
  const button = submitter ?? form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const body = valuesOf(form);
    // {path} in a form's API address is the page's own path (an invitation's page posts to its token's address).
    const api = form.dataset.api.replace('{path}', window.location.pathname)
      .replace(/\{(\w+)\}/g, (whole, name) => (submitter?.name === name ? encodeURIComponent(submitter.value) : whole));
    let { problem, result } = await send(api, form.dataset.method || 'POST', body);
    if (!problem && form.dataset.then) ({ problem } = await send(form.dataset.then, 'POST', body));
    if (problem && nextStep(form, problem)) return;
    if (problem) showProblem(form, problem, submitter);
    else if (form.dataset.result) showOnce(form, result[form.dataset.result]);
    else if (form.dataset.resultTarget) showResult(form, result);
    else window.location.assign(nextAddress(form, result));
  } finally {
    if (button) button.disabled = false;
    // Disabling the button while the request ran dropped focus to the page; give it back unless an answer took it.
    if (button && (document.activeElement === document.body || !document.activeElement)) button.focus();
  }
});

// Where a form goes after success: its data-next, with {name} filled from the answer (the workspace an invitation
// opened), or the same page again.
function nextAddress(form, result) {
  if (!form.dataset.next) return window.location.pathname + window.location.search;
  const next = form.dataset.next.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(result?.[name] ?? ''));
  // Only ever a path of this site: never '//host' or '/\host', whatever the address or the answer held.
  return /^\/(?![\/\\])/.test(next) && !/[\u0000-\u001f\u007f]/.test(next) ? next : '/';
}

// A secret shown once (a new API key, a share link, an invite link): into its slot, with a copy button; it is never
// fetched again. A data-absolute slot shows it as an address on this site, under the path the attribute names if any.
function showOnce(form, value) {
  const box = document.querySelector(form.dataset.resultTarget);
  const slot = box.querySelector('[data-result-slot]');
  slot.textContent = slot.hasAttribute('data-absolute') ? new URL(value, new URL(slot.dataset.absolute || '/', window.location.origin)).href : value;
  box.hidden = false;
  form.reset();
}

// A result with several parts (an authenticator's QR code and key, recovery codes): each into the slot named by its
// data-field (an image's source, a list's lines, else text); the form's data-hide elements go, focus moves to the result.
function showResult(form, result) {
  const box = document.querySelector(form.dataset.resultTarget);
  for (const slot of box.querySelectorAll('[data-field]')) {
    const value = result[slot.dataset.field];
    if (slot.tagName === 'IMG') slot.src = value;
    else slot.textContent = Array.isArray(value) ? value.join('\n') : value;
  }
  for (const hidden of form.dataset.hide ? document.querySelectorAll(form.dataset.hide) : []) hidden.hidden = true;
  box.hidden = false;
  form.reset();
  (box.querySelector('[tabindex="-1"]') || box).focus();
}

// A form answered with a problem that asks for another step (sign-in with two-factor on): the step for that problem
// type is shown, the one before hidden (its values are still sent), and focus moves to the new field.
function nextStep(form, problem) {
  const step = problem.type ? form.querySelector(`[data-step-for="${CSS.escape(problem.type)}"]`) : null;
  if (!step || !step.hidden) return false;
  for (const before of form.querySelectorAll('[data-step]')) before.hidden = true;
  step.hidden = false;
  step.querySelector('input')?.focus();
  return true;
}

// Secrets to keep (recovery codes) saved as a text file, made in the browser: nothing is fetched again.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-download]');
  if (!button) return;
  const file = URL.createObjectURL(new Blob([document.querySelector(button.dataset.download).textContent + '\n'], { type: 'text/plain' }));
  const save = document.createElement('a');
  save.href = file;
  save.download = button.dataset.filename || 'albumi.txt';
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(file), 60_000);
});

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

// Export with progress: the document is streamed, so the page counts what has arrived, then hands the file over.
document.addEventListener('click', async (event) => {
  const link = event.target.closest('a[data-export]');
  if (!link) return;
  event.preventDefault();
  const status = document.querySelector(link.dataset.export);
  const bar = status.querySelector('progress');
  const text = status.querySelector('[data-progress-text]');
  status.hidden = false;
  bar.removeAttribute('value');
  text.textContent = 'Starting the export…';
  const response = await fetch(link.href, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const problem = await problemOf(response);
    text.textContent = `Export failed: ${problem.detail || problem.title}`;
    return;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    text.textContent = `${humanSize(received)} received…`;
  }
  const file = URL.createObjectURL(new Blob(chunks, { type: 'application/json' }));
  const save = document.createElement('a');
  save.href = file;
  save.download = link.getAttribute('download') || 'workspace.json';
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(file), 60_000);
  bar.value = bar.max = 1;
  text.textContent = `Export complete: ${humanSize(received)}.`;
});

// A size as a person reads it: 2 KB of export is "2.0 KiB", not "0.00 MiB".
function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1048576).toFixed(bytes < 10485760 ? 2 : 1)} MiB`;
}

// Import with progress: the upload's progress from the browser, then the server's answer, then the new workspace's
// invites, whose tokens are shown this once.
document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-import]');
  if (!form) return;
  event.preventDefault();
  for (const slot of form.querySelectorAll('.error, [data-form-error]')) slot.textContent = '';
  const file = form.querySelector('input[type="file"]').files[0];
  if (!file) {
    showProblem(form, { errors: { file: ['Choose an export file to import.'] } });
    return;
  }
  const status = document.querySelector(form.dataset.import);
  const bar = status.querySelector('progress');
  const text = status.querySelector('[data-progress-text]');
  const button = form.querySelector('button[type="submit"]');
  status.hidden = false;
  button.disabled = true;
  const request = new XMLHttpRequest();
  request.open('POST', form.dataset.upload);
  request.setRequestHeader('Content-Type', 'application/json');
  request.setRequestHeader('Accept', 'application/json');
  request.upload.addEventListener('progress', (progress) => {
    if (!progress.lengthComputable) return;
    bar.max = progress.total;
    bar.value = progress.loaded;
    text.textContent = `Uploading: ${humanSize(progress.loaded)} of ${humanSize(progress.total)}`;
  });
  request.upload.addEventListener('load', () => {
    bar.removeAttribute('value');
    text.textContent = 'Uploaded; checking and creating the workspace…';
  });
  request.addEventListener('loadend', () => {
    button.disabled = false;
    let body = null;
    try { body = JSON.parse(request.responseText); } catch { body = null; }
    if (request.status !== 201) {
      status.hidden = true;
      showProblem(form, body || { title: request.status === 0 ? 'The upload did not reach the server.' : request.statusText });
      return;
    }
    bar.value = bar.max = 1;
    text.textContent = `Imported ${body.entities} entities and ${body.comments} comments.`;
    const done = document.querySelector(form.dataset.importResult);
    const open = done.querySelector('a[data-open]');
    open.href = `/workspaces/${body.workspace.id}`;
    open.textContent = `Open ${body.workspace.name}`;
    const list = done.querySelector('ul');
    list.replaceChildren(...body.invites.map((invite) => {
      const item = document.createElement('li');
      const token = document.createElement('code');
      token.textContent = invite.token;
      item.append(`${invite.email} (${invite.role}): `, token);
      return item;
    }));
    done.querySelector('[data-invites]').hidden = body.invites.length === 0;
    done.hidden = false;
    form.reset();
  });
  request.send(file);
});

// A page reloaded after an action (revoked, scheduled, cancelled) says what happened in its role="status" message and
// puts focus there, so focus is not left on the page's body.
document.querySelector('[data-focus-on-load]')?.focus();
