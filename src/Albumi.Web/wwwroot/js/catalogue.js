// Catalogue forms whose bodies are typed JSON rather than strings: an entity's fields (saved with the version the page
// was read at, or into a draft proposal), a comment with its mentions, a proposal's merge. Each control says how it is
// read with data-type: text (empty is null), boolean, list (a multiple select's values), album-items ("kind:id"
// options), each (checked boxes of one name, as a list). Uses showProblem from app.js; no inline script anywhere.
'use strict';

function typedValue(control) {
  switch (control.dataset.type) {
    case 'boolean': return control.checked;
    case 'list': return [...control.selectedOptions].map((option) => option.value);
    case 'album-items': return [...control.selectedOptions].map((option) => {
      const [kind, id] = option.value.split(':');
      return { kind, id };
    });
    default: return control.value.trim() === '' ? null : control.value;
  }
}

function typedBody(form, initial) {
  const body = {};
  for (const control of form.querySelectorAll('[data-type]')) {
    if (!control.name) continue;
    if (control.dataset.type === 'each') {
      body[control.name] = body[control.name] || [];
      if (control.checked) body[control.name].push(control.value);
      continue;
    }
    const value = typedValue(control);
    if (initial && JSON.stringify(value) === initial.get(control)) continue;
    body[control.name] = value;
  }
  return body;
}

// The values an edit form was read with: only fields changed since are sent.
const initialValues = new WeakMap();
for (const form of document.querySelectorAll('form[data-typed-api][data-only-changed]')) {
  const values = new Map();
  for (const control of form.querySelectorAll('[data-type]')) values.set(control, JSON.stringify(typedValue(control)));
  initialValues.set(form, values);
}

document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-typed-api]');
  if (!form) return;
  event.preventDefault();
  for (const slot of form.querySelectorAll('.error, [data-form-error]')) slot.replaceChildren();
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const general = form.querySelector('[data-form-error]');
  if (form.dataset.ask !== undefined && !window.confirm(form.dataset.ask)) return;
  const body = typedBody(form, initialValues.get(form));
  if (form.dataset.onlyChanged !== undefined && Object.keys(body).length === 0) {
    general.textContent = 'Nothing was changed, so there is nothing to save.';
    general.focus();
    return;
  }
  const proposal = form.querySelector('[data-proposal]')?.value;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (form.dataset.ifMatch && !proposal) headers['If-Match'] = `"${form.dataset.ifMatch}"`;
  const url = proposal ? `${form.dataset.typedApi}?proposal=${encodeURIComponent(proposal)}` : form.dataset.typedApi;
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const method = form.dataset.method || 'POST';
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: Object.keys(body).length === 0 && method !== 'PATCH' ? undefined : JSON.stringify(body),
    });
    if (response.ok) {
      const next = proposal ? form.dataset.proposalNext.replace('{proposal}', encodeURIComponent(proposal)) : form.dataset.next;
      window.location.assign(next || window.location.pathname);
      // A fragment-only change of address does not reload: make sure the new state is shown.
      if (next && next.startsWith(window.location.pathname + window.location.search + '#')) window.location.reload();
      return;
    }
    const problem = await problemOf(response);
    if (response.status === 412 && form.dataset.stale) {
      showStale(form, general);
      return;
    }
    showProblem(form, problem);
    if (Array.isArray(problem.conflicts) && problem.conflicts.length > 0) showConflicts(general, problem);
    if (!form.querySelector('[aria-invalid="true"]')) general.focus();
  } finally {
    if (button) button.disabled = false;
    if (document.activeElement === document.body || !document.activeElement) (button || general).focus();
  }
});

// A stale edit: nothing was written; say so and offer the reload that shows the current version.
function showStale(form, general) {
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'btn btn-sm';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => window.location.reload());
  general.replaceChildren(form.dataset.stale + ' ', reload);
  reload.focus();
}

// A merge refused for conflicts: each conflict in words under the general message.
function showConflicts(general, problem) {
  const list = document.createElement('ul');
  for (const conflict of problem.conflicts) {
    const item = document.createElement('li');
    const where = document.querySelector(`[data-change-entity="${CSS.escape(conflict.entityId)}"]`)?.dataset.changeName || conflict.kind;
    item.textContent = `${where}${conflict.field ? ` (${conflict.field})` : ''}: ${conflict.reason}`;
    list.append(item);
  }
  general.append(list);
}
