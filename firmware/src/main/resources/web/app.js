// QuietLegs phone remote: MQTT over WebSocket to the unit's own broker. It shows only what the
// unit says (retained availability and state); without a connection it says so and shows nothing stale.
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
      c.subscribe([base + 'availability', base + 'state', base + 'events', base + 'programs'], { qos: 0 });
      render();
    });
    const lost = () => {
      if (c !== client) return;
      connected = false;
      availability = null; // never show what the unit said before the connection went
      state = null;
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
