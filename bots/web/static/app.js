// The web chat's page. Everything shown arrives over one event stream per
// tab: a snapshot of the selected person's private chat and both group
// chats, then every new or edited message. Inputs are posted one at a time
// so that a person's answers reach the desk in the order they were given.

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

const state = {
  cfg: null,
  person: null, // the selected person
  events: null, // the EventSource
  queue: Promise.resolve(), // posts, in order
  menuAsked: 0, // the newest menu request; older answers are dropped
};

const panes = {
  private: $('[data-pane="private"]'),
  dispatch: $('[data-pane="dispatch"]'),
  supervisors: $('[data-pane="supervisors"]'),
};

// t is one of the page's own texts in the selected person's language.
// The texts come from the desk's catalogue with the configuration
// (api/people), so that the page and the server never say things apart.
const t = (key) => {
  const texts = state.cfg?.texts || {};
  return (texts[state.person?.lang] || texts.zh || {})[key] || key;
};

// chatOf is the chat a pane shows.
function chatOf(pane) {
  if (pane === panes.dispatch) return state.cfg.dispatch;
  if (pane === panes.supervisors) return state.cfg.supervisors;
  return state.person.account;
}

// paneOf is the pane showing a chat, or null.
function paneOf(chat) {
  if (chat === state.cfg.dispatch) return panes.dispatch;
  if (chat === state.cfg.supervisors) return panes.supervisors;
  if (chat === state.person?.account) return panes.private;
  return null;
}

async function main() {
  const res = await fetch('api/people');
  state.cfg = await res.json();
  const nav = $('.people', panes.private);
  for (const p of state.cfg.people) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.person = p.key;
    b.append(p.name);
    const role = document.createElement('small');
    role.textContent = roleName(p);
    b.append(role);
    b.addEventListener('click', () => select(p.key));
    nav.append(b);
  }
  for (const pane of Object.values(panes)) setupComposer(pane);
  const wanted = new URLSearchParams(location.search).get('as') || localStorage.getItem('repairdesk.person');
  const first = state.cfg.people.find((p) => p.key === wanted) || state.cfg.people[0];
  select(first.key);
  startFromLink();
}

// startFromLink sends "/start <payload>" for a page opened with
// ?start=<payload>, as Telegram does for a t.me link: a room's printed
// code opens a report there with the place filled in. The payload is
// checked as Telegram checks it, and dropped from the address so that a
// reload does not start again.
function startFromLink() {
  const url = new URL(location.href);
  const payload = url.searchParams.get('start');
  if (payload === null) return;
  url.searchParams.delete('start');
  history.replaceState(null, '', url);
  if (/^[A-Za-z0-9_-]{1,64}$/.test(payload)) {
    post('api/send', { kind: 'text', text: '/start ' + payload, chat: state.person.account });
  }
}

// roleName is a person's most senior role in both languages: the
// switcher is read by whoever sits at the page, whatever its language.
function roleName(p) {
  const { zh = {}, en = {} } = state.cfg.texts || {};
  for (const r of ['admin', 'supervisor', 'technician', 'requester']) {
    if (p.roles.includes(r)) return zh['role_' + r] + ' ' + en['role_' + r];
  }
  return '';
}

// select shows the chats as person sees them and follows their stream.
function select(key) {
  const p = state.cfg.people.find((x) => x.key === key);
  if (!p) return;
  state.person = p;
  try { localStorage.setItem('repairdesk.person', key); } catch { /* private mode */ }
  for (const b of $$('.people button')) b.setAttribute('aria-pressed', String(b.dataset.person === key));
  for (const w of $$('.who')) w.textContent = p.name;
  for (const s of $$('.send')) s.textContent = t('send');
  document.documentElement.lang = p.lang === 'en' ? 'en' : 'zh-Hans';
  fillMenu();
  $('#toast').classList.remove('show'); // a toast belongs to whoever acted
  for (const pane of Object.values(panes)) $('.log', pane).replaceChildren();
  connect();
}

function connect() {
  if (state.events) state.events.close();
  const key = state.person.key;
  const es = new EventSource('events?person=' + encodeURIComponent(key));
  state.events = es;
  const status = $('#status');
  es.addEventListener('open', () => status.classList.add('live'));
  es.addEventListener('error', () => status.classList.remove('live'));
  es.addEventListener('snapshot', (ev) => {
    const snap = JSON.parse(ev.data);
    if (es !== state.events || snap.person !== key) return;
    for (const [chat, list] of Object.entries(snap.chats)) {
      const pane = paneOf(chat);
      if (!pane) continue;
      const log = $('.log', pane);
      log.replaceChildren();
      for (const e of list) place(log, render(e, pane), e);
      log.scrollTop = log.scrollHeight;
    }
    document.body.dataset.ready = key; // for scripts waiting for the page
  });
  es.addEventListener('message', (ev) => {
    if (es !== state.events) return;
    upsert(JSON.parse(ev.data));
  });
}

// upsert adds a message, or replaces the one with its ID in place.
function upsert(e) {
  const pane = paneOf(e.chat);
  if (!pane) return;
  const log = $('.log', pane);
  const node = render(e, pane);
  const old = $$('.msg', log).find((m) => m.dataset.id === e.id);
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  if (old) {
    old.replaceWith(node);
    node.classList.add('flash');
    return;
  }
  place(log, node, e);
  while (log.children.length > 200) log.firstElementChild.remove();
  if (atBottom || e.from === state.person.key || !e.from) log.scrollTop = log.scrollHeight;
}

// appendLinked writes text into node, with the phone numbers the desk
// named in it as tel: links, so that a phone can call them with a tap.
function appendLinked(node, text, phones) {
  const want = phones.filter((p) => p);
  let rest = text;
  while (rest) {
    let at = -1, phone = '';
    for (const p of want) {
      const i = rest.indexOf(p);
      if (i >= 0 && (at < 0 || i < at)) { at = i; phone = p; }
    }
    if (at < 0) { node.append(rest); return; }
    node.append(rest.slice(0, at));
    const a = document.createElement('a');
    a.href = 'tel:' + phone.replace(/[^0-9+]/g, '');
    a.textContent = phone;
    node.append(a);
    rest = rest.slice(at + phone.length);
  }
}

// place adds a message to a log: a reply goes under the last message of
// its thread, so that a group reads one thread per ticket.
function place(log, node, e) {
  const thread = e.replyTo ? $$('.msg', log).filter((m) => m.dataset.id === e.replyTo || m.dataset.thread === e.replyTo) : [];
  if (thread.length) thread[thread.length - 1].after(node);
  else log.append(node);
}

function render(e, pane) {
  const div = document.createElement('div');
  div.className = 'msg';
  div.dataset.id = e.id;
  if (e.replyTo) {
    div.classList.add('reply');
    div.dataset.thread = e.replyTo;
  }
  if (e.from) div.classList.add(e.from === state.person.key ? 'mine' : 'person');
  if (e.from && pane !== panes.private) {
    const a = document.createElement('div');
    a.className = 'author';
    a.textContent = e.name;
    div.append(a);
  }
  if (e.text) {
    const txt = document.createElement('div');
    txt.className = 'text';
    appendLinked(txt, e.text, e.phones || []);
    div.append(txt);
  }
  if (e.photos?.length) {
    const ph = document.createElement('div');
    ph.className = 'photos';
    for (const id of e.photos) {
      const a = document.createElement('a');
      a.href = 'photo/' + encodeURIComponent(id);
      a.target = '_blank';
      a.rel = 'noopener';
      const img = document.createElement('img');
      img.src = a.href;
      img.alt = 'photo';
      img.loading = 'lazy';
      a.append(img);
      ph.append(a);
    }
    div.append(ph);
  }
  if (e.file && e.chat.startsWith('web:')) {
    // A download made for the person of this chat when it is followed.
    const a = document.createElement('a');
    a.className = 'file';
    const q = new URLSearchParams({ person: e.chat.slice(4), name: e.file.name, ref: e.file.ref });
    a.href = 'file?' + q.toString();
    a.download = e.file.name;
    a.textContent = '📎 ' + e.file.name;
    div.append(a);
  }
  const rows = (e.rows || []).map((r) => r.buttons || []);
  if (e.askContact && !rows.some((r) => r.some((b) => !b.token))) rows.push([{ label: t('share'), token: '' }]);
  if (rows.length) {
    const box = document.createElement('div');
    box.className = 'rows';
    for (const r of rows) {
      const row = document.createElement('div');
      row.className = 'row';
      for (const b of r) {
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = b.label;
        // Tokens carry no authority; exposing them lets scripts find a
        // button by what it does rather than by its label.
        if (b.token) btn.dataset.token = b.token;
        else btn.dataset.contact = '';
        btn.addEventListener('click', () => press(pane, e, b, btn));
        row.append(btn);
      }
      box.append(row);
    }
    div.append(box);
  }
  const meta = document.createElement('div');
  meta.className = 'meta';
  const at = new Date(e.at);
  meta.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + (e.edited ? ' · ' + t('edited') : '');
  if (pane !== panes.private) {
    // Anyone in a group can answer in a message's thread.
    const r = document.createElement('button');
    r.type = 'button';
    r.className = 'reply-to';
    r.textContent = t('reply');
    r.addEventListener('click', () => replyIn(pane, e.replyTo || e.id, e.text));
    meta.append(' ', r);
    // Any message can become a report, in the person's private chat.
    const rep = document.createElement('button');
    rep.type = 'button';
    rep.className = 'report-msg';
    rep.textContent = t('report_msg');
    rep.addEventListener('click', () => post('api/send', { kind: 'report', messageId: e.id, chat: chatOf(pane) }));
    meta.append(' ', rep);
  }
  div.append(meta);
  return div;
}

// press sends a button press; a button without a token is the platform's
// own "share my phone".
function press(pane, e, b, btn) {
  btn.classList.add('busy');
  const body = b.token
    ? { kind: 'button', token: b.token, messageId: e.id, chat: chatOf(pane) }
    : { kind: 'contact', chat: chatOf(pane) };
  post('api/send', body).finally(() => btn.classList.remove('busy'));
}

// replyIn makes the pane's next text a reply in the thread of message id.
function replyIn(pane, id, text) {
  const bar = $('.replying', pane);
  pane.dataset.replyTo = id;
  bar.textContent = t('replying') + (text || '').split('\n')[0];
  bar.hidden = false;
  $('input[name=text]', pane).focus();
}

function setupComposer(pane) {
  const form = $('.composer', pane);
  const input = $('input[name=text]', form);
  const bar = document.createElement('button');
  bar.type = 'button';
  bar.className = 'replying';
  bar.hidden = true;
  bar.addEventListener('click', () => { delete pane.dataset.replyTo; bar.hidden = true; });
  form.before(bar);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    $('.menu', pane)?.setAttribute('hidden', '');
    const body = { kind: 'text', text, chat: chatOf(pane) };
    if (pane.dataset.replyTo) body.replyTo = pane.dataset.replyTo;
    post('api/send', body);
  });
  const file = $('input[type=file]', form);
  file.addEventListener('change', () => {
    for (const f of file.files) {
      const fd = new FormData();
      fd.append('person', state.person.key);
      fd.append('chat', chatOf(pane));
      fd.append('photo', f);
      post('api/photo?person=' + encodeURIComponent(state.person.key), fd);
    }
    file.value = '';
  });
  const toggle = $('.menu-toggle', form);
  if (toggle) toggle.addEventListener('click', () => $('.menu', pane).toggleAttribute('hidden'));
}

// fillMenu lists the commands the selected person may use, in their
// language. The server reads them from the desk each time: a role granted
// or a language chosen since shows at once. An answer overtaken by a
// newer request, or arriving after the switcher moved on, is dropped.
async function fillMenu() {
  const key = state.person.key;
  const asked = ++state.menuAsked;
  const menu = $('.menu', panes.private);
  if (menu.dataset.person !== key) {
    // Never show one person's commands while another is selected.
    menu.replaceChildren();
    delete menu.dataset.person;
  }
  let m;
  try {
    const res = await fetch('api/menu?person=' + encodeURIComponent(key));
    if (!res.ok) return; // keep the menu shown
    m = await res.json();
  } catch {
    return;
  }
  if (asked !== state.menuAsked || state.person?.key !== key || m.person !== key) return;
  menu.replaceChildren();
  for (const [name, desc] of m.commands || []) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.command = name;
    const n = document.createElement('b');
    n.textContent = '/' + name;
    b.append(n, ' ' + desc);
    b.addEventListener('click', () => {
      menu.setAttribute('hidden', '');
      post('api/send', { kind: 'text', text: '/' + name, chat: state.person.account });
    });
    menu.append(b);
  }
  menu.dataset.person = key; // for scripts waiting for the menu
}

// post queues one input (an object sent as JSON, or a FormData upload)
// behind the others and shows the toast it gets. The person is the one
// selected when the input was given, even if the switcher moved since.
function post(url, data) {
  const json = !(data instanceof FormData);
  const body = json ? JSON.stringify({ ...data, person: state.person.key }) : data;
  const run = async () => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: json ? { 'Content-Type': 'application/json' } : {},
        body,
      });
      const type = res.headers.get('Content-Type') || '';
      if (type.startsWith('application/json')) {
        const reply = await res.json();
        if (reply.toast) toast(reply.toast);
      } else if (!res.ok) {
        toast((await res.text()).trim() || t('send_failed'));
      }
    } catch {
      toast(t('send_failed'));
    }
    // The answer may have changed what the person may do (an admin
    // granting themselves a role) or their language.
    fillMenu();
  };
  state.queue = state.queue.then(run, run);
  return state.queue;
}

let toastTimer;
function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 3000);
}

main().catch((err) => toast(String(err)));
