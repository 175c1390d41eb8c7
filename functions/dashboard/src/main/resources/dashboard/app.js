/*
 * partner-credit dashboard (docs/api.md section 8). Calls only the public routes, with the user's
 * bearer token: GET partners/{id}/points (JSON and CSV) and GET partners/{id}/history; for an
 * administrator also GET partners (the list, JSON and CSV) and GET partners/tiers; on the local
 * stack also POST publish. No framework; uPlot (from its WebJar) draws the charts.
 *
 * Sign-in (dashboard/config.json says which): "pkce" is OAuth 2.0 authorization code + PKCE against
 * the API's JWT issuer; "dev" mints an unsigned token, which only the local stack accepts.
 *
 * For tests and measurement: document.body.dataset.state is starting | signed-out | loading | ready |
 * error (the partners list: #program's data-state, idle | loading | ready | error), and
 * window.partnerCredit holds the timings of the last load and the points each chart drew.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'partner-credit.token';
  var PKCE_KEY = 'partner-credit.pkce';
  var RECENT_KEY = 'partner-credit.partners';
  var STATUS_NAMES = {
    SERVICED: 'Serviced',
    EXPIRED: 'Expired',
    ENDED: 'Ended',
    NOT_ASSIGNED_AT_ACTIVITY: 'Not assigned at activity',
    NO_QUALIFYING_ACTIVITY: 'No qualifying activity',
    NO_CONVERSION_RATE: 'No conversion rate'
  };
  var STATUS_ORDER = ['SERVICED', 'EXPIRED', 'ENDED', 'NOT_ASSIGNED_AT_ACTIVITY', 'NO_QUALIFYING_ACTIVITY',
    'NO_CONVERSION_RATE'];
  var DAY_MS = 86400000;
  /** Date axes step by whole days, weeks, months: the data are daily. */
  var DAY_STEPS = [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400];
  var TIERS = ['PROVIDER', 'GOLD', 'PLATINUM', 'DIAMOND', 'ELITE'];
  var TIER_COLOURS = { PROVIDER: '#8a94a3', GOLD: '#9a6b00', PLATINUM: '#4d5f73', DIAMOND: '#1f5fbf', ELITE: '#6b2fa3' };
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  /** An ISO-8601 instant inside a text, e.g. a reason's "2026-11-28T10:00:00Z". */
  var ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;
  /** Rows per page of the partners list. */
  var PROGRAM_PAGE = 50;
  var DEBOUNCE_MS = 300;
  var suggestSoon = null; // set by wire()

  var state = {
    config: null,
    token: null,
    claims: null,
    partnerId: null,
    breakdown: null,
    history: null,
    sort: { key: 'status', dir: 1 },
    charts: {},
    loadSeq: 0,
    program: { rows: [], nextCursor: null, seq: 0 },
    tiersSeq: 0,
    pickerSeq: 0,
    focusPartner: false
  };
  var debug = window.partnerCredit = { timings: null, program: null, charts: { history: 0, expiry: 0, tiers: 0 } };

  function $(id) { return document.getElementById(id); }

  function pad2(n) { return n < 10 ? '0' + n : String(n); }

  /** An instant as a person reads it: "5 Dec 2026, 00:04 UTC". The one way the page writes instants. */
  function readable(iso) {
    if (!iso) { return ''; }
    var t = new Date(iso);
    if (isNaN(t.getTime())) { return String(iso); }
    return t.getUTCDate() + ' ' + MONTHS[t.getUTCMonth()] + ' ' + t.getUTCFullYear() + ', ' +
      pad2(t.getUTCHours()) + ':' + pad2(t.getUTCMinutes()) + ' UTC';
  }

  /** A text with each ISO-8601 instant in it written as {@link readable} does. */
  function readableText(text) {
    return String(text || '').replace(ISO_INSTANT, function (iso) { return readable(iso); });
  }

  /** {@code fn} once input has paused for {@code ms}; {@code cancel()} drops a pending call. */
  function debounce(fn, ms) {
    var timer = null;
    var debounced = function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
    debounced.cancel = function () { clearTimeout(timer); };
    return debounced;
  }

  function setState(name) { document.body.dataset.state = name; }

  function say(text, isError) {
    var message = $('message');
    message.textContent = text || '';
    message.classList.toggle('error', !!isError);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') {
          node.textContent = attrs[k]; // never innerHTML: names come from HubSpot
        } else if (k === 'class') {
          node.className = attrs[k];
        } else {
          node.setAttribute(k, attrs[k]);
        }
      });
    }
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  // ---- tokens ----

  function base64url(bytes) {
    var s = '';
    new Uint8Array(bytes).forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function utf8Base64url(text) { return base64url(new TextEncoder().encode(text)); }

  function claimsOf(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (part.length % 4) { part += '='; }
      var bytes = Uint8Array.from(atob(part), function (c) { return c.charCodeAt(0); });
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      return {};
    }
  }

  function isAdmin(claims) {
    var scope = claims.scope || claims.scp || '';
    var scopes = Array.isArray(scope) ? scope : String(scope).split(/[\s,]+/);
    return scopes.indexOf('points:admin') >= 0;
  }

  /** An unsigned token (alg none): the local stack decodes claims without verifying them. */
  function devToken(partnerId, admin) {
    var claims = { sub: admin ? 'dev-admin' : 'dev-partner-' + partnerId };
    if (partnerId) { claims.partner_id = String(partnerId); }
    if (admin) { claims.scope = 'points:admin'; }
    return utf8Base64url(JSON.stringify({ alg: 'none', typ: 'JWT' })) + '.' + utf8Base64url(JSON.stringify(claims)) + '.';
  }

  // ---- OAuth 2.0 authorization code + PKCE ----

  function redirectUri() { return location.origin + location.pathname; }

  function discovery() {
    return fetch(state.config.issuer + '/.well-known/openid-configuration').then(function (r) {
      if (!r.ok) { throw new Error('the issuer\'s discovery document answered ' + r.status); }
      return r.json();
    });
  }

  function startPkce() {
    var verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    var stateParam = base64url(crypto.getRandomValues(new Uint8Array(16)));
    $('pkce-button').disabled = true;
    return Promise.all([discovery(), crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))])
      .then(function (results) {
        var doc = results[0];
        var allowed = [new URL(state.config.issuer).origin];
        if (state.config.tokenEndpoint) { allowed.push(new URL(state.config.tokenEndpoint).origin); }
        if (allowed.indexOf(new URL(doc.token_endpoint).origin) < 0) {
          // the page's Content-Security-Policy would refuse it: say what to configure
          throw new Error('the issuer\'s token endpoint ' + new URL(doc.token_endpoint).origin
            + ' is on another origin: set the DashboardTokenEndpoint parameter to ' + doc.token_endpoint);
        }
        sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier: verifier, state: stateParam, tokenEndpoint: doc.token_endpoint }));
        var params = new URLSearchParams({
          response_type: 'code',
          client_id: state.config.clientId,
          redirect_uri: redirectUri(),
          scope: state.config.scope,
          state: stateParam,
          code_challenge: base64url(results[1]),
          code_challenge_method: 'S256'
        });
        location.assign(doc.authorization_endpoint + '?' + params.toString());
      })
      .catch(function (e) {
        $('pkce-button').disabled = false;
        say('Sign-in failed: ' + e.message, true);
      });
  }

  function finishPkce(params) {
    var saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, '', location.pathname);
    if (params.get('error')) {
      return Promise.reject(new Error(params.get('error_description') || params.get('error')));
    }
    if (!saved || saved.state !== params.get('state')) {
      return Promise.reject(new Error('the sign-in answer does not match the request (state); sign in again'));
    }
    return fetch(saved.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code'),
        redirect_uri: redirectUri(),
        client_id: state.config.clientId,
        code_verifier: saved.verifier
      })
    }).then(function (r) {
      if (!r.ok) { throw new Error('the token endpoint answered ' + r.status); }
      return r.json();
    }).then(function (tokens) {
      var token = tokens.access_token || tokens.id_token;
      if (!token) { throw new Error('the token endpoint gave no token'); }
      sessionStorage.setItem(TOKEN_KEY, token);
    });
  }

  // ---- sign-in and out ----

  function showSignIn(reason) {
    setState('signed-out');
    $('dashboard').hidden = true;
    hideProgram();
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    var mode = state.config.signIn;
    $('dev-sign-in').hidden = mode !== 'dev';
    $('pkce-sign-in').hidden = mode !== 'pkce';
    $('no-sign-in').hidden = mode === 'dev' || mode === 'pkce';
    say(reason || '', !!reason);
    if (mode === 'dev') {
      var partners = state.config.devPartners || [];
      fillOptions($('dev-partners'), partners);
      $('dev-partner').value = partners.length ? partners[0].partnerId : '';
      $('dev-partner-hint').textContent = partners.length
        ? 'The demo\'s partners: ' + partners.map(function (p) { return p.partnerId + ' ' + p.name; }).join(', ') + '.'
        : 'Any partner id known to this stack.';
      $('dev-partner').focus();
    } else if (mode === 'pkce') {
      $('pkce-button').focus();
    }
  }

  function fillOptions(datalist, partners) {
    datalist.replaceChildren.apply(datalist, partners.map(function (p) {
      return el('option', { value: String(p.partnerId), label: p.name || '' });
    }));
  }

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    state.claims = null;
    showSignIn(reason);
  }

  function signedIn(token) {
    state.token = token;
    state.claims = claimsOf(token);
    var admin = isAdmin(state.claims);
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('who').textContent = admin ? 'Signed in as an administrator' : 'Signed in for partner ' + (state.claims.partner_id || '?');
    $('picker').hidden = !admin;
    $('to-program').hidden = !admin;
    showProgram(admin);
    var wanted = Number(new URLSearchParams(location.hash.slice(1)).get('partner'));
    var first = wanted || Number(state.claims.partner_id) || recentPartners()[0] ||
      ((state.config.devPartners || [])[0] || {}).partnerId;
    if (admin) {
      fillOptions($('partner-options'), knownPartners());
    }
    if (!first) {
      $('dashboard').hidden = false;
      setState('ready');
      say('Enter a partner\'s name or id to see its points.');
      $('partner-input').focus();
      return;
    }
    load(first);
  }

  // The partners looked at, and their names, last only as long as the tab (sessionStorage): never
  // kept on the device for the next user of the browser. Earlier versions kept them in localStorage;
  // forgetPersistedPartners removes what those left.
  function recentPartners() {
    try { return JSON.parse(sessionStorage.getItem(RECENT_KEY) || '[]'); } catch (e) { return []; }
  }

  function remember(partnerId, name) {
    var recent = recentPartners().filter(function (id) { return id !== partnerId; });
    recent.unshift(partnerId);
    sessionStorage.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, 10)));
    if (name) { sessionStorage.setItem(RECENT_KEY + '.' + partnerId, name); }
  }

  function forgetPersistedPartners() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key === RECENT_KEY || key.indexOf(RECENT_KEY + '.') === 0) { localStorage.removeItem(key); }
      }
    } catch (e) { /* storage unavailable: nothing kept either */ }
  }

  function knownPartners() {
    var seen = {};
    var list = [];
    (state.config.devPartners || []).concat(recentPartners().map(function (id) {
      return { partnerId: id, name: sessionStorage.getItem(RECENT_KEY + '.' + id) || '' };
    })).forEach(function (p) {
      if (!seen[p.partnerId]) { seen[p.partnerId] = true; list.push(p); }
    });
    return list;
  }

  // ---- the API ----

  function api(path, accept) {
    return fetch(path, { headers: { authorization: 'Bearer ' + state.token, accept: accept || 'application/json' } })
      .then(function (r) {
        if (r.ok) { return accept === 'text/csv' ? r.text() : r.json(); }
        return r.json().catch(function () { return {}; }).then(function (body) {
          var error = new Error(body.message || ('the API answered ' + r.status));
          error.status = r.status;
          throw error;
        });
      });
  }

  function problem(e, partnerId) {
    state.focusPartner = false;
    if (e.status === 401) { signOut('Your sign-in has expired or was refused: sign in again.'); return; }
    setState('error');
    var text = e.status === 403 ? 'This sign-in may not read partner ' + partnerId + '.'
      : e.status === 404 ? 'Partner ' + partnerId + ' is not known.'
      : e.status === 503 ? 'The service is busy: try again in a moment. (' + e.message + ')'
      : 'Could not load partner ' + partnerId + ': ' + e.message;
    say(text, true);
  }

  /**
   * Loads a partner: the breakdown is drawn as soon as it arrives (the page is usable then), the
   * history chart when the history does; "ready" once both are in.
   */
  function load(partnerId) {
    var seq = ++state.loadSeq;
    var started = performance.now();
    var current = function () { return seq === state.loadSeq; };
    var timings = { partnerId: partnerId };
    state.partnerId = partnerId;
    state.history = null;
    setState('loading');
    say('Loading partner ' + partnerId + '…');
    $('partner-input').value = partnerId;
    var base = 'partners/' + encodeURIComponent(partnerId);
    var points = api(base + '/points').then(function (breakdown) {
      if (!current()) { return; }
      var fetched = performance.now();
      state.breakdown = breakdown;
      render();
      var rendered = performance.now();
      timings.clients = breakdown.clients.length;
      timings.fetchMs = Math.round(fetched - started);
      timings.renderMs = Math.round(rendered - fetched);
      timings.usableMs = Math.round(rendered - started);
      timings.sinceNavigationMs = Math.round(rendered);
      remember(partnerId, breakdown.name);
      if (isAdmin(state.claims)) { fillOptions($('partner-options'), knownPartners()); }
      history.replaceState(null, '', '#partner=' + partnerId);
      say('');
    });
    var days = api(base + '/history').then(function (answer) {
      if (!current()) { return; }
      var fetched = performance.now();
      state.history = answer;
      if (state.breakdown && state.partnerId === partnerId) { renderHistory(); }
      timings.historyMs = Math.round(fetched - started);
    }, function (e) {
      if (!current() || e.status === 401 || e.status === 403) { throw e; }
      state.history = { days: [], error: e.message };
      if (state.breakdown) { renderHistory(); }
    });
    Promise.all([points, days]).then(function () {
      if (!current()) { return; }
      timings.readyMs = Math.round(performance.now() - started);
      debug.timings = timings;
      setState('ready');
    }).catch(function (e) {
      if (current()) { problem(e, partnerId); }
    });
  }

  // ---- rendering ----

  function title(tier) { return tier ? tier.charAt(0) + tier.slice(1).toLowerCase() : '–'; }

  function day(iso) { return iso ? iso.slice(0, 10) : ''; }

  function inDays(iso, from) {
    var days = Math.round((Date.parse(iso) - Date.parse(from)) / DAY_MS);
    return days === 0 ? 'today' : days > 0 ? 'in ' + days + (days === 1 ? ' day' : ' days') : days + ' days ago';
  }

  function render() {
    var b = state.breakdown;
    $('dashboard').hidden = false;
    $('partner-title').textContent = (b.name || 'Partner') + ' · ' + b.partnerId;
    document.title = (b.name || 'Partner ' + b.partnerId) + ' · partner-credit points';
    $('as-of').textContent = 'As of ' + readable(b.asOf);
    $('source').textContent = b.source === 'readModel' ? 'read model' : b.source || 'live';
    $('source').title = b.changesUntil ? 'Reflects every change received before ' + readable(b.changesUntil) : '';
    $('source').classList.toggle('snapshot', b.source === 'snapshot');
    var tier = $('tier');
    tier.textContent = title(b.tier);
    tier.className = 'tier ' + b.tier;
    $('tier-note').textContent = b.tierThresholdsAreExamples ? 'Tier thresholds are examples, not HubSpot\'s.' : '';
    $('points-total').textContent = b.points.total;
    $('points-managed').textContent = b.points.managed;
    $('points-sold').textContent = b.points.sold;
    $('activities').textContent = b.qualifyingActivities
      ? b.qualifyingActivities.count + ' in ' + b.qualifyingActivities.windowDays + ' days' : '–';
    var next = b.nextTier;
    $('next-tier').textContent = next ? title(next.tier) + ' needs ' + next.pointsNeeded + ' more points'
      : b.source === 'snapshot' ? 'Not kept in a snapshot' : 'The top tier: nothing more to reach';
    $('next-needs').hidden = !next;
    if (next) {
      $('next-sold').textContent = next.soldPointsNeeded;
      $('next-managed').textContent = next.managedPointsNeeded;
      $('next-activities').textContent = String(next.qualifyingActivitiesNeeded);
    }
    $('publish-now').hidden = state.config.signIn !== 'dev';
    renderHistory();
    renderExpiry();
    renderExpiring();
    renderStatusFilter();
    renderRows();
    if (state.focusPartner) { // opened from the partners list or the picker: go to it
      state.focusPartner = false;
      $('partner-title').focus();
      $('dashboard').scrollIntoView();
    }
  }

  function utcDates(ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }

  function chartWidth(container) { return Math.max(260, container.clientWidth || 600); }

  /** Draws a chart; {@code points} is how many data points it shows (default: every x). */
  function replaceChart(name, container, opts, data, shown) {
    if (state.charts[name]) { state.charts[name].destroy(); }
    container.replaceChildren();
    state.charts[name] = data ? new uPlot(opts, data, container) : null;
    var points = shown !== undefined ? shown : data ? data[0].length : 0;
    container.dataset.points = String(points);
    debug.charts[name] = points;
  }

  function renderHistory() {
    var days = state.history ? state.history.days || [] : [];
    var container = $('history-chart');
    var empty = $('history-empty');
    $('history-rows').replaceChildren.apply($('history-rows'), days.map(function (d) {
      return el('tr', null, [d.date, title(d.tier), d.points.total, d.points.managed, d.points.sold,
        d.change.newManaged, d.change.lostManaged].map(function (v) { return el('td', { text: v }); }));
    }));
    if (!days.length) {
      replaceChart('history', container, null, null);
      container.hidden = true;
      empty.hidden = false;
      empty.textContent = !state.history ? 'Loading the history…'
        : state.history.error ? 'The history is unavailable: ' + state.history.error
        : 'No history yet: the publisher writes one snapshot per partner per day.' +
          (state.config.signIn === 'dev' ? ' On the local stack, run it now with the button above (POST /publish).' : '');
      return;
    }
    container.hidden = false;
    empty.hidden = true;
    var xs = days.map(function (d) { return Date.parse(d.date + 'T00:00:00Z') / 1000; });
    var series = function (key) { return days.map(function (d) { return Number(d.points[key]); }); };
    var padded = function (values) { return days.length === 1 ? [null].concat(values, [null]) : values; };
    if (days.length === 1) { // the first publication: a day on each side, so that it is drawn in the middle
      xs = [xs[0] - 86400, xs[0], xs[0] + 86400];
    }
    var last = days[days.length - 1];
    container.setAttribute('aria-label', 'Points over time: ' + days.length + ' daily snapshots from ' + days[0].date +
      ' to ' + last.date + '; on ' + last.date + ' ' + last.points.total + ' points in total, tier ' + title(last.tier) + '.');
    replaceChart('history', container, {
      width: chartWidth(container),
      height: 240,
      tzDate: utcDates,
      scales: { x: { time: true } },
      series: [
        { label: 'Day', value: function (u, v) { return v == null ? '' : new Date(v * 1e3).toISOString().slice(0, 10); } },
        { label: 'Total', stroke: '#1f5fbf', width: 2, points: { show: true, size: 6 } },
        { label: 'Managed', stroke: '#1e7b45', width: 1.5, points: { show: true, size: 5 } },
        { label: 'Sold', stroke: '#a35c00', width: 1.5, dash: [6, 4], points: { show: true, size: 5 } }
      ],
      axes: [{ incrs: DAY_STEPS }, { label: 'points', size: 60 }]
    }, [xs, padded(series('total')), padded(series('managed')), padded(series('sold'))], days.length);
  }

  /**
   * Managed points over the next 90 days if no new activity happens: day by day from the serviced
   * clients' credit ends (each drops its managed points that day), with the breakdown's projection
   * (30, 60 and 90 days ahead, which also accounts for splits that change) as markers.
   */
  function renderExpiry() {
    var b = state.breakdown;
    var container = $('expiry-chart');
    var rows = $('expiry-rows');
    var projection = b.projection || [];
    if (!projection.length) {
      replaceChart('expiry', container, null, null);
      rows.replaceChildren();
      container.textContent = 'A snapshot keeps no projection.';
      return;
    }
    var asOf = Date.parse(b.asOf);
    var serviced = b.clients.filter(function (c) { return c.status === 'SERVICED' && c.creditUntil; });
    var xs = [];
    var left = [];
    var ending = [];
    var marks = [];
    var byOffset = {};
    projection.forEach(function (p) {
      byOffset[Math.round((Date.parse(p.date + 'T00:00:00Z') - Date.parse(day(b.asOf) + 'T00:00:00Z')) / DAY_MS)] = p;
    });
    var events = [];
    for (var d = 0; d <= 90; d++) {
      var t = asOf + d * DAY_MS;
      var previous = asOf + (d - 1) * DAY_MS;
      xs.push(Math.floor(t / 1000));
      var sum = 0;
      var ended = 0;
      serviced.forEach(function (c) {
        var until = Date.parse(c.creditUntil);
        if (until > t) { sum += Number(c.managedPoints); }
        if (d > 0 && until > previous && until <= t) {
          ended += Number(c.managedPoints);
          events.push({ date: day(c.creditUntil), text: (c.name || c.clientId) + ' ends: −' + c.managedPoints });
        }
      });
      left.push(round2(sum));
      ending.push(ended > 0 ? round2(ended) : null);
      marks.push(byOffset[d] ? Number(byOffset[d].managed) : null);
    }
    var tableRows = [{ date: day(b.asOf), text: 'now: ' + b.points.managed }].concat(events, projection.map(function (p) {
      return { date: p.date, text: 'projection: ' + p.managed };
    })).sort(function (x, y) { return x.date < y.date ? -1 : x.date > y.date ? 1 : 0; });
    rows.replaceChildren.apply(rows, tableRows.map(function (r) {
      return el('tr', null, [el('td', { text: r.date }), el('td', { text: r.text })]);
    }));
    container.setAttribute('aria-label', 'Managed points if no new activity: ' + b.points.managed + ' now, then ' +
      projection.map(function (p) { return p.managed + ' on ' + p.date; }).join(', ') + '; ' + events.length +
      ' clients\' credit ends in the next 90 days.');
    replaceChart('expiry', container, {
      width: chartWidth(container),
      height: 240,
      tzDate: utcDates,
      scales: { x: { time: true } },
      series: [
        { label: 'Date', value: function (u, v) { return v == null ? '' : new Date(v * 1e3).toISOString().slice(0, 10); } },
        { label: 'Managed points left', stroke: '#1e7b45', width: 2, paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: false } },
        { label: 'Credit ending that day', stroke: '#b3261e', fill: 'rgba(179, 38, 30, 0.35)',
          paths: uPlot.paths.bars({ size: [0.9, 14] }), points: { show: false } },
        { label: 'Breakdown projection', stroke: '#1f5fbf', width: 0, paths: function () { return null; },
          points: { show: true, size: 9, fill: '#1f5fbf' } }
      ],
      axes: [{ incrs: DAY_STEPS }, { label: 'points', size: 60 }]
    }, [xs, left, ending, marks]);
    debug.expiry = { days: xs.length, projection: marks.filter(function (m) { return m !== null; }), ending: events.length };
  }

  function round2(x) { return Math.round(x * 100) / 100; }

  function renderExpiring() {
    var b = state.breakdown;
    var list = $('expiring-list');
    var horizon = Date.parse(b.asOf) + 7 * DAY_MS;
    var ending = b.clients.filter(function (c) {
      return c.status === 'SERVICED' && c.creditUntil && Date.parse(c.creditUntil) <= horizon;
    }).sort(function (x, y) { return Date.parse(x.creditUntil) - Date.parse(y.creditUntil); });
    if (!ending.length) {
      list.replaceChildren(el('li', { class: 'muted', text: b.source === 'snapshot'
        ? 'A snapshot does not keep when credit ends.' : 'No client\'s credit ends within 7 days.' }));
      return;
    }
    list.replaceChildren.apply(list, ending.map(function (c) {
      return el('li', { 'data-client-id': String(c.clientId) }, [
        el('strong', { text: c.name || String(c.clientId) }), ' (' + c.clientId + '): ' + c.managedPoints + ' points, credit ends ',
        el('span', { class: 'when', text: readable(c.creditUntil) + ' (' + inDays(c.creditUntil, b.asOf) + ')' })
      ]);
    }));
  }

  function renderStatusFilter() {
    var select = $('status-filter');
    var chosen = select.value;
    var counts = {};
    state.breakdown.clients.forEach(function (c) { counts[c.status] = (counts[c.status] || 0) + 1; });
    var options = [el('option', { value: '', text: 'All statuses (' + state.breakdown.clients.length + ')' })];
    STATUS_ORDER.forEach(function (s) {
      if (counts[s]) { options.push(el('option', { value: s, text: STATUS_NAMES[s] + ' (' + counts[s] + ')' })); }
    });
    select.replaceChildren.apply(select, options);
    select.value = counts[chosen] ? chosen : '';
  }

  function matches(c, q) {
    return !q || String(c.clientId).indexOf(q) >= 0 || (c.name || '').toLowerCase().indexOf(q) >= 0;
  }

  var SORTS = {
    name: function (c) { return (c.name || '').toLowerCase() + '\u0000' + c.clientId; },
    status: function (c) { return STATUS_ORDER.indexOf(c.status); },
    creditUntil: function (c) { return c.creditUntil ? Date.parse(c.creditUntil) : Infinity; },
    managedPoints: function (c) { return Number(c.managedPoints); },
    mrr: function (c) { return c.mrr == null ? -Infinity : Number(c.mrr); },
    employees: function (c) { return (c.employees || []).length; }
  };

  /** By the chosen column in the chosen direction; ties by name, always A to Z. */
  function compare(a, b) {
    var key = SORTS[state.sort.key];
    var x = key(a);
    var y = key(b);
    if (x !== y) { return (x < y ? -1 : 1) * state.sort.dir; }
    var p = SORTS.name(a);
    var q = SORTS.name(b);
    return p < q ? -1 : p > q ? 1 : 0;
  }

  function renderRows() {
    var all = state.breakdown.clients;
    var q = $('search').value.trim().toLowerCase();
    var status = $('status-filter').value;
    var rows = all.filter(function (c) { return (!status || c.status === status) && matches(c, q); });
    rows.sort(compare);
    var frag = document.createDocumentFragment();
    rows.forEach(function (c) {
      var tr = document.createElement('tr');
      tr.dataset.clientId = String(c.clientId);
      tr.dataset.status = c.status;
      tr.append(
        el('td', { 'data-label': 'Client' }, [el('div', { text: c.name || '(no name kept)' }), el('div', { class: 'client-id', text: String(c.clientId) })]),
        el('td', { 'data-label': 'Status' }, [el('span', { class: 'status ' + c.status, text: STATUS_NAMES[c.status] || c.status })]),
        el('td', { 'data-label': 'Credit until', text: c.creditUntil ? readable(c.creditUntil) : '–' }),
        el('td', { 'data-label': 'Managed points', class: 'num', text: c.managedPoints }),
        el('td', { 'data-label': 'MRR', class: 'num', text: c.mrr == null ? '–' : c.mrr + ' ' + c.currency }),
        el('td', { 'data-label': 'Employees', text: (c.employees || []).map(employee).join('; ') || '–' }),
        el('td', { 'data-label': 'Reason', class: 'reason', text: readableText(c.reason) })
      );
      frag.append(tr);
    });
    $('client-rows').replaceChildren(frag);
    var noun = all.length === 1 ? ' client' : ' clients';
    $('client-count').textContent = rows.length === all.length ? all.length + noun
      : rows.length + ' of ' + all.length + noun;
    $('sort-by').value = state.sort.key + ':' + (state.sort.dir > 0 ? 'asc' : 'desc');
    document.querySelectorAll('#client-table th[data-key]').forEach(function (th) {
      if (th.dataset.key === state.sort.key) {
        th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
  }

  function employee(e) {
    return e.lastQualifyingActivityAt
      ? e.email + ' (last qualifying activity ' + readable(e.lastQualifyingActivityAt) + ')' : e.email;
  }

  /** Fetches a CSV with the token and saves it as a download named {@code name}. */
  function saveCsv(path, name, button) {
    button.disabled = true;
    return api(path, 'text/csv').then(function (csv) {
      var url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      var link = el('a', { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }).finally(function () { button.disabled = false; });
  }

  function downloadCsv() {
    var q = $('search').value.trim();
    var partnerId = state.partnerId;
    var name = 'partner-' + partnerId + '-clients.csv';
    saveCsv('partners/' + encodeURIComponent(partnerId) + '/points?format=csv' + (q ? '&search=' + encodeURIComponent(q) : ''),
      name, $('download-csv')).then(function () { say('Downloaded ' + name + '.'); })
      .catch(function (e) { problem(e, partnerId); });
  }

  function publishNow() {
    var button = $('publish-now');
    button.disabled = true;
    say('Running the publisher…');
    fetch('publish', { method: 'POST' }).then(function (r) {
      if (!r.ok) { throw new Error('POST /publish answered ' + r.status); }
      return r.json();
    }).then(function (report) {
      say('Published ' + report.snapshots + ' snapshots as of ' + readable(report.asOf) + '.');
      load(state.partnerId);
    }).catch(function (e) { say(e.message, true); }).finally(function () { button.disabled = false; });
  }

  function resizeCharts() {
    ['history', 'expiry', 'tiers'].forEach(function (name) {
      var chart = state.charts[name];
      if (chart) {
        chart.setSize({ width: chartWidth(chart.root.parentNode), height: 240 });
      }
    });
  }

  // ---- every partner, for an administrator: GET partners and GET partners/tiers ----

  /** The list's query as the controls set it: search, tiers, sort (no paging). */
  function programQuery() {
    var params = new URLSearchParams();
    var q = $('program-search').value.trim();
    if (q) { params.append('search', q); }
    document.querySelectorAll('#program input[name=tier]:checked').forEach(function (box) {
      params.append('tier', box.value);
    });
    params.append('sort', $('program-sort').value);
    return params;
  }

  function programSay(text, isError) {
    var message = $('program-message');
    message.textContent = text || '';
    message.classList.toggle('error', !!isError);
  }

  /** The first page for the current query, or with {@code more} the next page after the rows shown. */
  function loadProgram(more) {
    if (!state.token || !isAdmin(state.claims)) { return; }
    var program = state.program;
    var seq = ++program.seq;
    var params = programQuery();
    params.set('limit', String(PROGRAM_PAGE));
    if (more && program.nextCursor) { params.set('cursor', program.nextCursor); }
    $('program').dataset.state = 'loading';
    $('program-more').disabled = true;
    var started = performance.now();
    api('partners?' + params.toString()).then(function (answer) {
      if (seq !== program.seq) { return; }
      var fetched = performance.now();
      program.rows = more ? program.rows.concat(answer.partners || []) : answer.partners || [];
      program.nextCursor = answer.nextCursor || null;
      program.asOf = answer.asOf;
      program.changesUntil = answer.changesUntil;
      renderProgram();
      var drawn = performance.now();
      debug.program = { rows: program.rows.length, fetchMs: Math.round(fetched - started),
        renderMs: Math.round(drawn - fetched), sinceNavigationMs: Math.round(drawn) };
      $('program').dataset.state = 'ready';
    }).catch(function (e) {
      if (seq !== program.seq) { return; }
      if (e.status === 401) { signOut('Your sign-in has expired or was refused: sign in again.'); return; }
      $('program').dataset.state = 'error';
      programSay('Could not load the partners: ' + e.message, true);
    }).finally(function () { $('program-more').disabled = false; });
  }

  function renderProgram() {
    var program = state.program;
    $('program-as-of').textContent = program.asOf ? 'As of ' + readable(program.asOf) : '';
    $('program-changes').textContent = program.changesUntil ? '· changes until ' + readable(program.changesUntil) : '';
    $('program-changes').hidden = !program.changesUntil;
    var frag = document.createDocumentFragment();
    program.rows.forEach(function (p) {
      var next = p.nextTier;
      var change = p.change;
      var tr = el('tr', { 'data-partner-id': String(p.partnerId), 'data-tier': p.tier,
        'data-points-needed': next ? next.pointsNeeded : '' });
      var changeText = '–';
      var changeClass = 'num change';
      if (change) {
        changeText = change.total + (change.tier && change.tier !== p.tier ? ' (was ' + title(change.tier) + ')' : '');
        changeClass += Number(change.total) > 0 ? ' up' : Number(change.total) < 0 ? ' down' : '';
      }
      tr.append(
        el('th', { scope: 'row', class: 'partner-name' }, [
          el('a', { href: '#partner=' + p.partnerId, 'data-partner-id': String(p.partnerId), text: p.name || 'Partner ' + p.partnerId })]),
        el('td', { class: 'client-id', text: String(p.partnerId) }),
        el('td', null, [el('span', { class: 'tier-badge ' + p.tier, text: title(p.tier) })]),
        el('td', { class: 'num', text: p.points ? p.points.total : '–' }),
        el('td', { class: 'num', text: next ? next.pointsNeeded + ' to ' + title(next.tier) : 'top tier' }),
        el('td', { class: 'num', text: p.clientsServiced == null ? '–' : String(p.clientsServiced) }),
        el('td', { class: changeClass, title: change ? '' : 'No snapshot yesterday', text: changeText })
      );
      frag.append(tr);
    });
    $('program-rows').replaceChildren(frag);
    $('program-more').hidden = !program.nextCursor;
    var n = program.rows.length;
    programSay(n === 0 ? 'No partner matches.' : n + (n === 1 ? ' partner' : ' partners') +
      (program.nextCursor ? ' shown; more with "More".' : '.'));
  }

  /** Opens a partner's page (its breakdown) from the list or the picker. */
  function openPartner(partnerId) {
    suggestSoon.cancel();
    state.pickerSeq++;
    $('picker-matches').hidden = true;
    state.focusPartner = true;
    load(partnerId);
  }

  function downloadProgramCsv() {
    if (!isAdmin(state.claims)) { return; }
    var params = programQuery();
    params.append('format', 'csv');
    saveCsv('partners?' + params.toString(), 'partners.csv', $('program-csv'))
      .then(function () { programSay('Downloaded partners.csv.'); })
      .catch(function (e) { programSay('Could not download the CSV: ' + e.message, true); });
  }

  function loadTiers() {
    if (!state.token || !isAdmin(state.claims)) { return; }
    var seq = ++state.tiersSeq;
    api('partners/tiers').then(function (answer) {
      if (seq === state.tiersSeq) { renderTiers(answer.days || [], null); }
    }).catch(function (e) {
      if (seq === state.tiersSeq && e.status !== 401) { renderTiers([], e.message); }
    });
  }

  /** How many partners sat in each tier per published day: one line per tier. */
  function renderTiers(days, error) {
    var container = $('tiers-chart');
    var empty = $('tiers-empty');
    var count = function (d, tier) { return (d.partners && d.partners[tier]) || 0; };
    $('tiers-rows').replaceChildren.apply($('tiers-rows'), days.map(function (d) {
      return el('tr', null, [d.date].concat(TIERS.map(function (t) { return String(count(d, t)); }))
        .map(function (v) { return el('td', { text: v }); }));
    }));
    if (!days.length) {
      replaceChart('tiers', container, null, null);
      container.dataset.series = '0';
      container.hidden = true;
      empty.hidden = false;
      empty.textContent = error ? 'The tiers are unavailable: ' + error
        : 'No publications in the last 90 days: the publisher writes one snapshot per partner per day.';
      return;
    }
    container.hidden = false;
    empty.hidden = true;
    var xs = days.map(function (d) { return Date.parse(d.date + 'T00:00:00Z') / 1000; });
    var data = [xs].concat(TIERS.map(function (t) { return days.map(function (d) { return count(d, t); }); }));
    if (days.length === 1) { // one day: a day on each side, so that it is drawn in the middle
      data = [[xs[0] - 86400, xs[0], xs[0] + 86400]].concat(data.slice(1).map(function (v) { return [null].concat(v, [null]); }));
    }
    var last = days[days.length - 1];
    container.setAttribute('aria-label', 'Partners in each tier: ' + days.length + ' published days from ' +
      days[0].date + ' to ' + last.date + '; on ' + last.date + ' ' +
      TIERS.map(function (t) { return count(last, t) + ' ' + title(t); }).join(', ') + '.');
    replaceChart('tiers', container, {
      width: chartWidth(container),
      height: 240,
      tzDate: utcDates,
      scales: { x: { time: true } },
      series: [{ label: 'Day', value: function (u, v) { return v == null ? '' : new Date(v * 1e3).toISOString().slice(0, 10); } }]
        .concat(TIERS.map(function (t) {
          return { label: title(t), stroke: TIER_COLOURS[t], width: 2, dash: t === 'PROVIDER' ? [6, 4] : undefined,
            points: { show: true, size: 5 } };
        })),
      axes: [{ incrs: DAY_STEPS }, { label: 'partners', size: 50 }]
    }, data, days.length);
    container.dataset.series = String(TIERS.length);
  }

  /** The picker's matches for a name (or part of an id): GET partners?search=…&limit=10. */
  function findPartners(text) {
    return api('partners?' + new URLSearchParams({ search: text, limit: '10' }).toString())
      .then(function (answer) { return answer.partners || []; });
  }

  function suggestPartners() {
    var list = $('picker-matches');
    var text = $('partner-input').value.trim();
    var seq = ++state.pickerSeq;
    if (!state.token || !isAdmin(state.claims) || text.length < 2) { list.hidden = true; return; }
    findPartners(text).then(function (partners) {
      if (seq !== state.pickerSeq) { return; }
      list.replaceChildren.apply(list, partners.map(function (p) {
        return el('li', null, [el('button', { type: 'button', class: 'match', 'data-partner-id': String(p.partnerId) },
          [el('span', { text: p.name || 'Partner ' + p.partnerId }), el('span', { class: 'client-id', text: ' ' + p.partnerId })])]);
      }));
      list.hidden = !partners.length;
    }, function () {
      if (seq === state.pickerSeq) { list.hidden = true; }
    });
  }

  /** Digits are an id; anything else is a name: the first partner it matches. */
  function pickPartner() {
    var value = $('partner-input').value.trim();
    if (/^[0-9]+$/.test(value)) { openPartner(Number(value)); return; }
    if (!value) { return; }
    state.pickerSeq++;
    findPartners(value).then(function (partners) {
      if (partners.length) { openPartner(partners[0].partnerId); } else { say('No partner matches "' + value + '".', true); }
    }, function (e) { say('Could not find partners: ' + e.message, true); });
  }

  function showProgram(admin) {
    $('program').hidden = !admin;
    if (!admin) { return; }
    loadProgram(false);
    loadTiers();
  }

  function hideProgram() {
    $('program').hidden = true;
    $('program').dataset.state = 'idle';
    state.program = { rows: [], nextCursor: null, seq: state.program.seq + 1 };
    state.tiersSeq++;
    state.pickerSeq++;
    if (suggestSoon) { suggestSoon.cancel(); }
    $('program-rows').replaceChildren();
    $('picker-matches').hidden = true;
    replaceChart('tiers', $('tiers-chart'), null, null);
  }

  // ---- wiring ----

  function wire() {
    $('dev-sign-in').addEventListener('submit', function (e) {
      e.preventDefault();
      var partner = $('dev-partner').value.trim();
      var admin = $('dev-admin').checked;
      if (!admin && !/^[0-9]+$/.test(partner)) {
        say('Enter a partner id (digits), or sign in as an administrator.', true);
        $('dev-partner').focus();
        return;
      }
      var token = devToken(/^[0-9]+$/.test(partner) ? partner : null, admin);
      sessionStorage.setItem(TOKEN_KEY, token);
      say('');
      signedIn(token);
    });
    $('pkce-button').addEventListener('click', startPkce);
    $('sign-out').addEventListener('click', function () { signOut(''); });
    $('picker').addEventListener('submit', function (e) {
      e.preventDefault();
      pickPartner();
    });
    suggestSoon = debounce(suggestPartners, DEBOUNCE_MS);
    $('partner-input').addEventListener('input', suggestSoon);
    $('partner-input').addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { $('picker-matches').hidden = true; }
    });
    $('picker-matches').addEventListener('click', function (e) {
      var button = e.target.closest('button[data-partner-id]');
      if (button) { openPartner(Number(button.dataset.partnerId)); }
    });
    $('picker').addEventListener('focusout', function (e) {
      if (!e.relatedTarget || !$('picker').contains(e.relatedTarget)) { $('picker-matches').hidden = true; }
    });
    $('program-search').addEventListener('input', debounce(function () { loadProgram(false); }, DEBOUNCE_MS));
    document.querySelectorAll('#program input[name=tier]').forEach(function (box) {
      box.addEventListener('change', function () { loadProgram(false); });
    });
    $('program-sort').addEventListener('change', function () { loadProgram(false); });
    $('program-more').addEventListener('click', function () { loadProgram(true); });
    $('program-csv').addEventListener('click', downloadProgramCsv);
    $('program-rows').addEventListener('click', function (e) {
      var row = e.target.closest('tr[data-partner-id]');
      if (!row) { return; }
      e.preventDefault();
      openPartner(Number(row.dataset.partnerId));
    });
    $('to-program').addEventListener('click', function () {
      $('program').scrollIntoView();
      $('program-search').focus();
    });
    $('search').addEventListener('input', renderRows);
    $('status-filter').addEventListener('change', renderRows);
    document.querySelectorAll('#client-table th button[data-sort]').forEach(function (button) {
      button.addEventListener('click', function () {
        var key = button.dataset.sort;
        state.sort = { key: key, dir: state.sort.key === key ? -state.sort.dir : 1 };
        renderRows();
      });
    });
    $('sort-by').addEventListener('change', function () {
      var parts = $('sort-by').value.split(':');
      state.sort = { key: parts[0], dir: parts[1] === 'desc' ? -1 : 1 };
      renderRows();
    });
    $('download-csv').addEventListener('click', downloadCsv);
    $('publish-now').addEventListener('click', publishNow);
    var resizing = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(resizeCharts, 100);
    });
  }

  function start() {
    wire();
    forgetPersistedPartners();
    fetch('dashboard/config.json').then(function (r) { return r.json(); }).then(function (config) {
      state.config = config;
      var params = new URLSearchParams(location.search);
      if (config.signIn === 'pkce' && (params.get('code') || params.get('error'))) {
        return finishPkce(params);
      }
      return null;
    }).then(function () {
      var token = sessionStorage.getItem(TOKEN_KEY);
      if (token) { signedIn(token); } else { showSignIn(); }
    }).catch(function (e) {
      if (state.config) { showSignIn('Sign-in failed: ' + e.message); } else { setState('error'); say('Could not start: ' + e.message, true); }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
