// QuietLegs phone remote: MQTT over WebSocket to the unit's own broker. It shows only what the
// unit says (retained availability and state); without a connection it says so and shows nothing stale.
// Beside the remote: the diary (ratings in a tap, sent as cmd/diary) and the history (retained
// stats and history, drawn in SVG here).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const CEILING_MMHG = 80; // the unit's compiled-in ceiling: a full chamber in the drawing
  const LEG = 'M50,20 L150,20 C152,80 140,130 135,160 C140,200 135,260 118,350 L118,370 C140,378 172,385 178,400 '
    + 'L178,410 L80,410 C78,395 80,380 82,360 C70,300 58,230 65,165 C55,120 48,70 50,20 Z';
  const PHASES = { idle: 'Ready', starting: 'Checking the cuff', running: 'Running', paused: 'Paused',
    tapering: 'Winding down', stopping: 'Letting the cuff down', done: 'Finished', fault: 'Stopped for safety' };
  const ACTIVE = new Set(['starting', 'running', 'paused', 'tapering', 'stopping']);
  const CAUSES = { leak: 'a leak (a hose, a fitting or a seam)', 'hose-off': 'the hose off, or the cuff not on the leg',
    'hose-kinked': 'a kinked or pinched hose', 'inlet-valve': 'the inlet valve', 'exhaust-valve': 'the exhaust valve',
    'main-vent': 'the main vent', pump: 'the pump', 'chamber-sensor': "the chamber's pressure sensor or its tube",
    'manifold-sensor': "the manifold's pressure sensor or its tube", 'output-driver': "an output's driver or its wiring",
    firmware: 'the firmware', person: 'whoever stopped it' };
  const VERBS = { start: 'start a session', stop: 'stop', pause: 'pause', resume: 'resume', repeat: 'start relief',
    vibration: 'change the vibration', intensity: 'change the squeeze', 'clear-fault': 'clear the fault' };

  let cfg = null;
  let base = '';
  let client = null;
  let connected = false;
  let availability = null;
  let state = null;
  let programs = null;
  let legFor = '';
  let bands = [];
  let wanted = { vibration: null, intensity: null };
  let liveShown = false;
  let stats = null;
  let history = null;

  // ---- theme: night (black and dim red) unless the person chose day ----
  function applyTheme() {
    const day = localStorage.getItem('quietlegs.theme') === 'day';
    document.documentElement.classList.toggle('day', day);
    document.documentElement.classList.toggle('night', !day);
    document.querySelector('meta[name="theme-color"]').content = day ? '#f6f5f2' : '#000000';
    document.querySelector('meta[name="color-scheme"]').content = day ? 'light' : 'dark';
    $('theme').textContent = day ? 'Night' : 'Day';
    $('theme').setAttribute('aria-label', day ? 'Switch to the night theme' : 'Switch to the day theme');
  }
  $('theme').addEventListener('click', () => {
    localStorage.setItem('quietlegs.theme', document.documentElement.classList.contains('day') ? 'night' : 'day');
    applyTheme();
  });

  // ---- connection ----
  async function main() {
    applyTheme();
    render();
    try {
      const r = await fetch('/config.json', { cache: 'no-store' });
      cfg = await r.json();
    } catch (e) {
      setTimeout(main, 3000); // the unit is not answering: try again, quietly
      return;
    }
    base = 'quietlegs/' + cfg.device + '/';
    performance.mark('configured');
    connect();
  }

  function passwordKey() { return 'quietlegs.password.' + cfg.device; }

  function connect() {
    if (client) client.end(true);
    const password = localStorage.getItem(passwordKey());
    // native timers: MQTT.js's default worker timers would need a blob: worker, which the CSP forbids
    const opts = { protocolVersion: 4, clean: true, reconnectPeriod: 2000, connectTimeout: 5000, keepalive: 20,
      timerVariant: 'native',
      clientId: 'quietlegs-phone-' + Math.random().toString(16).slice(2, 10) };
    if (password) {
      opts.username = cfg.user;
      opts.password = password;
    }
    const c = mqtt.connect('ws://' + location.hostname + ':' + cfg.websocket_port, opts);
    client = c;
    c.on('connect', () => {
      if (!connected) performance.mark('connected');
      connected = true;
      c.subscribe([base + 'availability', base + 'state', base + 'events', base + 'programs', base + 'stats',
        base + 'history'], { qos: 0 });
      render();
    });
    const lost = () => {
      if (c !== client) return;
      connected = false;
      availability = null; // never show what the unit said before the connection went
      state = null;
      stats = null;
      history = null;
      render();
    };
    c.on('close', lost);
    c.on('offline', lost);
    c.on('error', (e) => {
      // 4: bad user name or password, 5: not authorised (3.1.1 CONNACK codes)
      if (e && (e.code === 4 || e.code === 5)) {
        c.end(true);
        askPassword(password ? 'That password was not accepted. ' : '');
      }
    });
    c.on('message', onMessage);
  }

  function askPassword(why) {
    $('login-why').textContent = why + "It is in the file mqtt-password in the unit's state directory."
      + ' This phone keeps it, so you type it once.';
    $('login').hidden = false;
    $('password').value = '';
    $('password').focus();
    render();
  }
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const p = $('password').value;
    if (!p) return;
    localStorage.setItem(passwordKey(), p); // on this phone only; never in a URL
    $('login').hidden = true;
    connect();
  });

  function onMessage(topic, payload) {
    const text = payload.toString();
    const name = topic.slice(base.length);
    try {
      if (name === 'availability') availability = text;
      else if (name === 'state') state = JSON.parse(text);
      else if (name === 'programs') programs = JSON.parse(text);
      else if (name === 'events') onEvent(JSON.parse(text));
      else if (name === 'stats') stats = JSON.parse(text);
      else if (name === 'history') history = JSON.parse(text);
    } catch (e) {
      return; // not the unit's JSON: ignore it
    }
    if (state) {
      if (wanted.vibration === state.vibration_setting) wanted.vibration = null;
      if (wanted.intensity === state.intensity) wanted.intensity = null;
    }
    render();
  }

  function onEvent(e) {
    if (e.type !== 'command' || e.origin !== 'mqtt') return;
    if (e.command === 'diary') {
      diaryAnswer(e);
      return;
    }
    if (e.result === 'ok') {
      performance.mark('answer:' + e.command);
    } else {
      if (e.command in wanted) wanted[e.command] = null;
      say('The unit could not ' + (VERBS[e.command] || e.command) + ': ' + e.reason + '.');
    }
  }

  function send(command, payload) {
    if (!client || !connected) return;
    $('message').hidden = true;
    performance.mark('tap:' + command);
    client.publish(base + 'cmd/' + command, payload, { qos: 0, retain: false });
  }

  function say(text) {
    $('message').textContent = text;
    $('message').hidden = false;
  }

  // ---- controls ----
  $('stop').addEventListener('click', () => send('stop', 'PRESS'));
  $('pause').addEventListener('click', () => send('pause', 'PRESS'));
  $('resume').addEventListener('click', () => send('resume', 'PRESS'));
  $('relief').addEventListener('click', () => send('repeat', 'PRESS'));
  $('clear-fault').addEventListener('click', () => send('clear-fault', 'PRESS'));
  function step(command, key, delta, min) {
    const now = wanted[command] ?? state[key];
    const next = Math.max(min, Math.min(10, now + delta));
    if (next === now) return;
    wanted[command] = next;
    send(command, String(next));
    render();
  }
  $('vib-down').addEventListener('click', () => step('vibration', 'vibration_setting', -1, 0));
  $('vib-up').addEventListener('click', () => step('vibration', 'vibration_setting', 1, 0));
  $('int-down').addEventListener('click', () => step('intensity', 'intensity', -1, 1));
  $('int-up').addEventListener('click', () => step('intensity', 'intensity', 1, 1));

  // ---- drawing ----
  function render() {
    const live = connected && availability === 'online' && state !== null;
    renderDiary(live);
    renderHistory(live);
    const link = $('link');
    link.dataset.link = live ? 'live' : connected ? 'waiting' : 'down';
    link.textContent = live ? 'Connected' : !cfg ? 'Connecting…' : 'Not connected';
    $('offline').hidden = live || !$('login').hidden;
    $('offline-why').textContent = connected && availability === 'offline'
      ? 'The unit is not running.' : 'The unit is off or out of reach.';
    $('live').hidden = !live;
    if (!live) return;
    const phase = state.phase;
    const active = ACTIVE.has(phase);
    $('phase').textContent = PHASES[phase] || phase;
    $('remaining').textContent = active ? (state.program ? title(state.program) + ' · ' : '')
      + clock(state.remaining_s) + ' left' : '';
    drawLeg(state.chambers);
    const program = programs && programs.programs.find((p) => p.name === state.program);
    $('vibration').hidden = !active || (program ? !program.vibration : false);
    $('intensity').hidden = !active || (program ? !program.compression : false);
    $('vib-value').textContent = wanted.vibration ?? state.vibration_setting;
    $('vib-delivered').textContent = 'giving ' + Math.round(state.vibration_level * 10) / 10 + ' now';
    $('int-value').textContent = wanted.intensity ?? state.intensity;
    $('session').hidden = !active;
    $('pause').hidden = phase !== 'running' && phase !== 'tapering'; // the unit pauses only these
    $('resume').hidden = phase !== 'paused';
    $('start').hidden = active;
    drawPrograms();
    const f = state.fault;
    $('fault').hidden = !f;
    if (f) {
      $('fault-message').textContent = title(f.message) + (f.chamber ? ' (' + f.chamber + ')' : '') + '.';
      $('fault-causes').textContent = f.causes && f.causes.length
        ? 'Look at: ' + f.causes.map((c) => CAUSES[c] || c).join(', or ') + '.' : '';
    }
    if (!liveShown) {
      liveShown = true;
      performance.mark('live');
    }
  }

  function drawPrograms() {
    const list = programs ? programs.programs.filter((p) => p.name !== 'repeat') : [];
    const key = list.map((p) => p.name).join(',');
    const box = $('programs');
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    box.textContent = '';
    const relief = programs && programs.programs.find((p) => p.name === 'repeat');
    $('relief').textContent = 'Relief now';
    if (relief) {
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = relief.description + ' · ' + Math.round(relief.minutes) + ' min';
      $('relief').append(what);
    }
    list.sort((a, b) => (b.name === programs.default) - (a.name === programs.default));
    for (const p of list) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = p.name === programs.default ? 'primary' : '';
      b.dataset.program = p.name;
      b.textContent = title(p.name) + ' · ' + Math.round(p.minutes) + ' min';
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = p.description;
      b.append(what);
      b.addEventListener('click', () => send('start', p.name));
      box.append(b);
    }
  }

  function drawLeg(chambers) {
    const svg = $('leg');
    const names = chambers.map((c) => c.name).join(',');
    if (legFor !== names) {
      legFor = names;
      while (svg.lastChild !== svg.firstChild) svg.removeChild(svg.lastChild);
      const defs = el('defs', {});
      const clip = el('clipPath', { id: 'leg-clip' });
      clip.append(el('path', { d: LEG }));
      defs.append(clip);
      svg.append(defs, el('path', { d: LEG, class: 'skin' }));
      const g = el('g', { 'clip-path': 'url(#leg-clip)' });
      const top = 40;
      const bottom = 374;
      const h = (bottom - top) / chambers.length;
      bands = [];
      chambers.forEach((c, i) => { // the first chamber is the ankle: drawn lowest
        const y = bottom - (i + 1) * h + 3;
        const band = { y, h: h - 6 };
        band.fill = el('rect', { x: 0, width: 200, y: y + band.h, height: 0, class: 'fill' });
        band.target = el('line', { x1: 0, x2: 200, y1: y, y2: y, class: 'target' });
        g.append(band.fill, band.target, el('rect', { x: 0, width: 200, y, height: band.h, class: 'band' }));
        bands.push(band);
      });
      svg.append(g);
      const ul = $('chambers');
      ul.textContent = '';
      [...chambers].reverse().forEach((c) => {
        const li = document.createElement('li');
        li.innerHTML = '<span class="name"></span><span class="value"></span> <span class="of"></span>';
        li.querySelector('.name').textContent = c.name;
        li.dataset.chamber = c.name;
        ul.append(li);
      });
    }
    const words = [];
    chambers.forEach((c, i) => {
      const b = bands[i];
      const frac = Math.max(0, Math.min(1, c.pressure_mmhg / CEILING_MMHG));
      b.fill.setAttribute('y', b.y + b.h * (1 - frac));
      b.fill.setAttribute('height', b.h * frac);
      const t = Math.max(0, Math.min(1, c.target_mmhg / CEILING_MMHG));
      const ty = b.y + b.h * (1 - t);
      b.target.setAttribute('y1', ty);
      b.target.setAttribute('y2', ty);
      b.target.setAttribute('visibility', c.target_mmhg > 0 ? 'visible' : 'hidden');
      const li = document.querySelector('#chambers li[data-chamber="' + CSS.escape(c.name) + '"]');
      li.querySelector('.value').textContent = Math.round(c.pressure_mmhg) + ' mmHg';
      li.querySelector('.of').textContent = c.target_mmhg > 0 ? 'of ' + Math.round(c.target_mmhg) : '';
      words.push(c.name + ' ' + Math.round(c.pressure_mmhg) + (c.target_mmhg > 0 ? ' of ' + Math.round(c.target_mmhg) : '')
        + ' mmHg');
    });
    svg.firstChild.textContent = 'Cuff pressures: ' + words.join(', ');
  }

  function el(name, attrs) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  // 'rls-trial' reads as 'RLS trial': words, not a file name; a known abbreviation stays capitals
  function title(name) {
    var t = name.replace(/-/g, ' ').replace(/\brls\b/g, 'RLS');
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function clock(s) {
    const t = Math.max(0, Math.round(s));
    return Math.floor(t / 60) + ':' + String(t % 60).padStart(2, '0');
  }

  // ---- diary: one tap sends a rating before or after a session; the morning's three need a tap each
  // and one to send. What the unit answers is shown; the unit alone judges a value. ----
  const KINDS = { before: 'before a session', after: 'after a session' };
  const sent = []; // what this page sent, in order: the unit answers each diary entry in turn
  const morning = { sleep: null, falling: null, night: null };
  let kindChosen = null; // the person's own before/after, kept while the suggestion stays the same
  let kindSuggested = null;
  let cardsOrder = '';

  function scale(box, onPick) {
    for (let n = 0; n <= 10; n++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = n;
      b.dataset.value = n;
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => onPick(n, b));
      box.append(b);
    }
  }
  function press(box, n) {
    for (const b of box.children) b.setAttribute('aria-pressed', String(Number(b.dataset.value) === n));
  }
  scale($('restless'), (n) => {
    const kind = $('kind-after').getAttribute('aria-pressed') === 'true' ? 'after' : 'before';
    press($('restless'), n);
    diary($('q-restless'), { entry: kind, restless: n }, 'restless ' + KINDS[kind] + ': ' + n,
      () => press($('restless'), null));
  });
  for (const q of ['sleep', 'falling', 'night']) {
    scale($(q), (n) => {
      morning[q] = n;
      press($(q), n);
      $('send-morning').disabled = Object.values(morning).some((v) => v === null);
    });
  }
  for (const k of ['before', 'after']) {
    $('kind-' + k).addEventListener('click', () => {
      kindChosen = k;
      showKind(k);
    });
  }
  function showKind(k) {
    $('kind-before').setAttribute('aria-pressed', String(k === 'before'));
    $('kind-after').setAttribute('aria-pressed', String(k === 'after'));
  }
  $('send-morning').addEventListener('click', () => {
    const e = { entry: 'morning', sleep: morning.sleep, falling: morning.falling, night: morning.night };
    if ($('onset').value) e.onset = $('onset').value;
    diary($('q-morning'), e, 'this morning: sleep ' + e.sleep + ', falling asleep ' + e.falling + ', the night ' + e.night
      + (e.onset ? ', symptoms from ' + e.onset : ''), () => {
      for (const q of Object.keys(morning)) {
        morning[q] = null;
        press($(q), null);
      }
      $('onset').value = '';
      $('send-morning').disabled = true;
    });
  });
  $('q-irls').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = $('irls').value.trim();
    if (v === '') return;
    diary($('q-irls'), { entry: 'irls', total: Number(v) }, 'IRLS total ' + v, () => { $('irls').value = ''; });
  });
  // the browser's own range check would refuse 41 in its words; the unit's answer says it in the unit's
  $('q-irls').noValidate = true;

  // The answer shows in the card that was used, under the thumb that sent it.
  function diary(card, entry, words, done) {
    if (!client || !connected) {
      diarySay(card, 'Not connected: nothing was sent. Try again when the unit is back.', true);
      return;
    }
    sent.push({ card, words, done });
    diarySay(card, 'Sending ' + words + '…', false);
    send('diary', JSON.stringify(entry));
  }

  function diaryAnswer(e) {
    const s = sent.shift();
    if (!s) return; // another phone's entry
    if (e.result === 'ok') {
      performance.mark('answer:diary');
      diarySay(s.card, 'Noted: ' + s.words + '.', false);
      s.done();
    } else {
      diarySay(s.card, 'Not noted: ' + e.reason + '.', true);
    }
  }

  // Each card has its own status line (a live region from the start, so screen readers read it out).
  function diarySay(card, text, refused) {
    for (const other of document.querySelectorAll('#view-diary .said')) if (other.parentNode !== card) other.textContent = '';
    const p = card.querySelector('.said');
    p.textContent = text;
    p.classList.toggle('refused', refused);
  }

  function renderDiary(live) {
    document.querySelector('#view-diary .not-live').hidden = live;
    $('diary-cards').inert = !live; // nothing to tap that could not be sent
    // Offered first: "after" once tonight had therapy and no session runs, else "before"; the
    // morning's questions first in the morning by this phone's clock. Nothing is hidden.
    const nights = history && history.nights;
    const tonight = nights && nights.length ? nights[nights.length - 1] : null;
    const phase = state && state.phase;
    const suggested = phase === 'done' || (!ACTIVE.has(phase) && tonight && tonight.min > 0) ? 'after' : 'before';
    if (suggested !== kindSuggested) {
      kindSuggested = suggested;
      kindChosen = null;
    }
    showKind(kindChosen || suggested);
    const hour = new Date().getHours();
    const order = hour >= 4 && hour < 12 ? ['q-morning', 'q-restless', 'q-irls'] : ['q-restless', 'q-morning', 'q-irls'];
    if (order.join() !== cardsOrder) {
      cardsOrder = order.join();
      for (const id of order) $('diary-cards').append($(id));
    }
  }
  setInterval(() => renderDiary(connected && availability === 'online' && state !== null), 60_000);

  // ---- history: the retained history (the last 35 nights) and stats, drawn here ----
  const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const SHOWN_NIGHTS = 14;
  let historyDrawn = null;
  let allNights = false;

  function day(iso) { return new Date(iso + 'T00:00:00Z'); } // dates as UTC days: no zone, no DST
  function iso(d) { return d.toISOString().slice(0, 10); }
  function dayName(iso0) {
    const d = day(iso0);
    return WEEKDAYS[(d.getUTCDay() + 6) % 7] + ' ' + d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()];
  }
  function pct(v) { return v === null || v === undefined ? '—' : Math.round(v) + ' %'; }

  function renderHistory(live) {
    const shown = live && history !== null;
    document.querySelector('#view-history .not-live').hidden = live;
    $('history-body').hidden = !shown;
    $('history-none').hidden = !live || shown;
    if (!shown) {
      historyDrawn = null;
      return;
    }
    if (stats) {
      $('fig-streak').textContent = stats.streak;
      $('fig-7d').textContent = pct(stats.adherence_7d);
      $('fig-30d').textContent = pct(stats.adherence_30d);
      $('fig-best').textContent = stats.best_streak;
      $('note').hidden = !stats.note;
      $('note').textContent = stats.note ? title(stats.note) + '.' : '';
    }
    if (historyDrawn === history) return;
    historyDrawn = history;
    drawCalendar(history);
    drawNights(history);
  }

  // Five weeks, Monday first, the last row the week of tonight. A night is a filled circle when it met
  // the target, half filled when used but short, a ring when not used; the shape says it, not the colour.
  function drawCalendar(h) {
    const svg = $('calendar');
    while (svg.lastChild !== svg.firstChild) svg.removeChild(svg.lastChild);
    const byDate = new Map(h.nights.map((n) => [n.date, n]));
    const tonight = day(h.night);
    const col = (tonight.getUTCDay() + 6) % 7;
    const counts = { met: 0, short: 0, none: 0 };
    WEEKDAYS.forEach((w, k) => svg.append(withText(el('text', { x: k * 50 + 25, y: 16, class: 'weekday' }), w.slice(0, 2))));
    for (let r = 0; r < 5; r++) {
      for (let k = 0; k < 7; k++) {
        const ago = (4 - r) * 7 + (col - k);
        if (ago < 0) continue;
        const d = new Date(tonight.getTime() - ago * 86_400_000);
        const n = byDate.get(iso(d));
        const x = k * 50 + 25;
        const y = 26 + r * 50;
        const g = el('g', { 'data-date': iso(d) });
        const cls = 'date' + (ago === 0 ? ' tonight' : n ? '' : ' early'); // early: before the journal's first night
        g.append(withText(el('text', { x, y: y + 14, class: cls }), d.getUTCDate()));
        if (n) {
          const cy = y + 32;
          const kind = n.met ? 'met' : n.min > 0 ? 'short' : ago === 0 ? 'pending' : 'none';
          g.dataset.night = kind;
          if (kind === 'met') g.append(el('circle', { cx: x, cy, r: 11, class: 'met' }));
          else if (kind === 'short') {
            g.append(el('circle', { cx: x, cy, r: 11, class: 'ring' }),
              el('path', { d: `M${x - 11},${cy} A11,11 0 0 0 ${x + 11},${cy} Z`, class: 'half' }));
          } else g.append(el('circle', { cx: x, cy, r: 11, class: kind }));
          if (kind in counts) counts[kind]++;
        }
        svg.append(g);
      }
    }
    svg.firstChild.textContent = 'The last five weeks: target met on ' + counts.met + (counts.met === 1 ? ' night' : ' nights')
      + ', used but short on ' + counts.short + ', not used on ' + counts.none + '.';
  }

  function drawNights(h) {
    const body = document.querySelector('#nights tbody');
    body.textContent = '';
    const nights = [...h.nights].reverse();
    const most = Math.max(30, ...nights.map((n) => n.min));
    const list = allNights ? nights : nights.slice(0, SHOWN_NIGHTS);
    $('more-nights').hidden = allNights || nights.length <= SHOWN_NIGHTS;
    for (const n of list) {
      const tr = document.createElement('tr');
      tr.dataset.date = n.date;
      const when = document.createElement('th');
      when.scope = 'row';
      when.textContent = n.date === h.night ? 'Tonight' : dayName(n.date);
      const therapy = document.createElement('td');
      const bar = el('svg', { viewBox: '0 0 100 10', class: 'bar', 'aria-hidden': 'true', preserveAspectRatio: 'none' });
      bar.append(el('rect', { x: 0, y: 0, width: 100, height: 10, class: 'track' }));
      if (n.min > 0) bar.append(el('rect', { x: 0, y: 0, width: Math.max(2, n.min / most * 100), height: 10,
        class: n.met ? 'met' : 'short' }));
      const words = document.createElement('span');
      words.className = 'minutes';
      words.textContent = Math.round(n.min) + ' min';
      const met = document.createElement('span');
      met.className = 'small';
      met.textContent = n.met ? 'target met' : n.min > 0 ? 'short' : n.date === h.night ? 'not yet' : 'not used';
      therapy.append(bar, words, met);
      const ratings = document.createElement('td');
      const lines = [];
      if (n.before !== null || n.after !== null) lines.push('legs ' + (n.before ?? '–') + ' → ' + (n.after ?? '–'));
      if (n.sleep !== null) lines.push('sleep ' + n.sleep);
      if (n.falling !== null) lines.push('falling asleep ' + n.falling + ', night ' + n.night);
      if (n.onset) lines.push('from ' + n.onset);
      if (n.irls !== null) lines.push('IRLS ' + n.irls);
      ratings.className = 'ratings';
      for (const l of lines.length ? lines : ['—']) {
        const s = document.createElement('span');
        s.textContent = l;
        ratings.append(s);
      }
      tr.append(when, therapy, ratings);
      body.append(tr);
    }
  }
  $('more-nights').addEventListener('click', () => {
    allNights = true;
    if (history) drawNights(history);
  });

  function withText(node, words) {
    node.textContent = words;
    return node;
  }

  // ---- views: each <section data-view> in <main>; with more than one (the diary slots in as the
  // next), a tab for each appears in the nav and one is shown at a time ----
  function setupViews() {
    const views = [...document.querySelectorAll('main > section[data-view]')];
    if (views.length < 2) return;
    const nav = $('views');
    const show = (name) => {
      for (const v of views) v.hidden = v.dataset.view !== name;
      for (const b of nav.children) b.setAttribute('aria-pressed', String(b.dataset.view === name));
    };
    for (const v of views) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'quiet';
      b.dataset.view = v.dataset.view;
      b.textContent = title(v.dataset.view);
      b.addEventListener('click', () => show(v.dataset.view));
      nav.append(b);
    }
    nav.hidden = false;
    show(views[0].dataset.view);
  }

  setupViews();
  main();
})();
