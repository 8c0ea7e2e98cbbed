/**
 * The parent side of the b24jssdk postMessage protocol (BITRIX24.md §6.3), served to the portal page as
 * /_portal/frame-parent.js. Modelled on Bitrix24's applayout.js: messages are accepted only from the
 * frame's origin with its APP_SID, parsed as `command:params:callbackId:appSid` (params re-joined on
 * ':' so JSON with colons survives), and answered `callbackId:JSON` to the app origin only.
 *
 * Plain ES2019 in a string (no build step; the server bundle stays one file). Kept syntax-checked by
 * test/integration/dev-portal-page.test.ts and driven end to end in Chromium by test/e2e.
 */
export const FRAME_PARENT_JS = String.raw`(function () {
  'use strict';
  var cfg = window.__PORTAL__;
  var frames = {};
  var T = cfg.labels;

  function byId(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'testid') node.setAttribute('data-testid', attrs[k]);
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function api(sid, action, body) {
    return fetch('/_portal/frame/' + encodeURIComponent(sid) + '/' + action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {})
    }).then(function (r) { return r.json(); });
  }
  function addParam(href, name, value) {
    var url = new URL(href);
    url.searchParams.set(name, value);
    return url.toString();
  }

  // Opens an app frame the way Bitrix24 does: an iframe named "DOMAIN|PROTOCOL|APP_SID" and a hidden
  // form that POSTs the launch fields into it.
  function openFrame(container, launch, opts) {
    var layout = el('div', { className: 'app-frame-layout', testid: opts.layoutTestId || 'app-frame-layout' });
    if (launch.height) layout.style.height = launch.height;
    var iframe = el('iframe', { name: launch.frameName, className: 'app-frame', testid: opts.testId || 'app-frame', frameborder: '0',
      allow: 'geolocation *; microphone *; camera *; autoplay *;' });
    layout.appendChild(iframe);
    container.appendChild(layout);
    var form = el('form', { method: 'POST', action: launch.action, target: launch.frameName });
    form.style.display = 'none';
    Object.keys(launch.fields).forEach(function (name) {
      form.appendChild(el('input', { type: 'hidden', name: name, value: launch.fields[name] }));
    });
    document.body.appendChild(form);
    frames[launch.sid] = { launch: launch, iframe: iframe, layout: layout, denied: opts.denied || [], slider: opts.slider || null };
    form.submit();
    return frames[launch.sid];
  }

  // --- dialogs -----------------------------------------------------------------------------------
  function modal(testid, title, build, onOk) {
    var back = el('div', { className: 'portal-modal-back', testid: testid });
    var box = el('div', { className: 'portal-modal' });
    box.appendChild(el('h3', {}, title));
    var body = el('div', { className: 'portal-modal-body' });
    box.appendChild(body);
    var close = function () { back.remove(); };
    var footer = el('div', { className: 'portal-modal-footer' });
    if (onOk) {
      var ok = el('button', { testid: testid + '-ok', className: 'portal-button' }, T.select);
      ok.onclick = function () { close(); onOk(); };
      footer.appendChild(ok);
    }
    var cancel = el('button', { testid: testid + '-cancel', className: 'portal-button portal-button-light' }, T.cancel);
    cancel.onclick = close;
    footer.appendChild(cancel);
    box.appendChild(footer);
    back.appendChild(box);
    document.body.appendChild(back);
    build(body, close);
  }

  function personReply(p) {
    return { id: String(p.id), name: p.name, photo: p.photo, position: p.position, url: '/company/personal/user/' + p.id + '/', sub: false, sup: false };
  }

  // BX24.selectUser(s): company employees only (docs: bx24-select-users.md).
  function selectUser(args, reply) {
    var multiple = !!args.mult;
    var chosen = {};
    modal('user-picker', multiple ? T.selectUsers : T.selectUser, function (body, close) {
      var search = el('input', { type: 'search', placeholder: T.search, testid: 'user-picker-search', className: 'portal-input' });
      var list = el('div', { className: 'portal-picker-list' });
      body.appendChild(search);
      body.appendChild(list);
      function render() {
        list.innerHTML = '';
        var q = search.value.toLowerCase();
        cfg.people.filter(function (p) { return !q || (p.name + ' ' + p.position).toLowerCase().indexOf(q) >= 0; })
          .forEach(function (p) {
            var row = el('label', { className: 'portal-picker-item', testid: 'user-picker-item-' + p.id });
            if (multiple) {
              var box = el('input', { type: 'checkbox' });
              box.checked = !!chosen[p.id];
              box.onchange = function () { if (box.checked) chosen[p.id] = p; else delete chosen[p.id]; };
              row.appendChild(box);
            }
            row.appendChild(el('span', { className: 'portal-picker-name' }, p.name));
            row.appendChild(el('span', { className: 'portal-picker-position' }, p.position));
            if (!multiple) row.onclick = function () { close(); reply(personReply(p)); };
            list.appendChild(row);
          });
      }
      search.oninput = render;
      render();
    }, multiple ? function () { reply(Object.keys(chosen).map(function (id) { return personReply(chosen[id]); })); } : null);
  }

  function selectAccess(args, reply) {
    var chosen = {};
    (args.value || []).forEach(function (code) { chosen[code] = true; });
    modal('access-picker', T.selectAccess, function (body) {
      cfg.access.forEach(function (item) {
        var row = el('label', { className: 'portal-picker-item', testid: 'access-picker-item-' + item.id });
        var box = el('input', { type: 'checkbox' });
        box.checked = !!chosen[item.id];
        box.onchange = function () { chosen[item.id] = box.checked; };
        row.appendChild(box);
        row.appendChild(el('span', { className: 'portal-picker-name' }, item.name));
        body.appendChild(row);
      });
    }, function () {
      reply(cfg.access.filter(function (item) { return chosen[item.id]; }).map(function (item) { return { id: item.id, name: item.name }; }));
    });
  }

  // --- sliders (openApplication, openPath) -----------------------------------------------------
  function slider(onClose) {
    var back = el('div', { className: 'portal-slider-back', testid: 'slider' });
    var panel = el('div', { className: 'portal-slider' });
    var closeBtn = el('button', { className: 'portal-slider-close', testid: 'slider-close', title: T.close }, '×');
    var body = el('div', { className: 'portal-slider-body' });
    panel.appendChild(closeBtn);
    panel.appendChild(body);
    back.appendChild(panel);
    document.body.appendChild(back);
    var s = { body: body, close: function () { back.remove(); if (onClose) onClose(); } };
    closeBtn.onclick = s.close;
    return s;
  }

  function toast(text) {
    var t = el('div', { className: 'portal-toast', testid: 'toast' }, text);
    document.body.appendChild(t);
    setTimeout(function () { t.remove(); }, 4000);
  }

  // --- the message interface (applayout.js MessageInterface) -------------------------------------
  var commands = {
    getInitData: function (ctx, args, reply) {
      reply(ctx.launch.initData);
      ctx.launch.initData.FIRST_RUN = false;
    },
    setInstall: function (ctx, args, reply) {
      api(ctx.launch.sid, 'set-install', args).then(function () { reply(args); });
    },
    // Marks the app installed, then the portal reloads itself: the frame comes back with the app URL.
    setInstallFinish: function (ctx, args) {
      api(ctx.launch.sid, 'install-finish', { value: args.value !== false }).then(function (data) {
        window.location = addParam(window.location.href, 'install_finished', data.result ? 'Y' : 'N');
      });
    },
    refreshAuth: function (ctx, args, reply) {
      api(ctx.launch.sid, 'refresh').then(function (data) {
        if (!data.AUTH_ID) { toast(T.refreshFailed); return; }
        ctx.launch.initData.AUTH_ID = data.AUTH_ID;
        ctx.launch.initData.REFRESH_ID = data.REFRESH_ID;
        ctx.launch.initData.AUTH_EXPIRES = data.AUTH_EXPIRES;
        reply(data);
      });
    },
    resizeWindow: function (ctx, args, reply) {
      var width = args.width === '100%' ? '100%' : ((parseInt(args.width, 10) || 100) + 'px');
      var height = parseInt(args.height, 10);
      ctx.layout.style.width = width;
      if (height) ctx.layout.style.height = height + 'px';
      var rect = ctx.layout.getBoundingClientRect();
      reply({ width: rect.width, height: rect.height });
    },
    setTitle: function (ctx, args, reply) {
      document.title = String(args.title);
      var h = byId('page-title');
      if (h) h.textContent = String(args.title);
      reply(args);
    },
    setScroll: function (ctx, args, reply) {
      if (args && typeof args.scroll !== 'undefined' && args.scroll >= 0) window.scrollTo(window.scrollX, parseInt(args.scroll, 10));
      reply(args);
    },
    setUserOption: function (ctx, args, reply) {
      api(ctx.launch.sid, 'user-option', args).then(function () {
        ctx.launch.initData.USER_OPTIONS[args.name] = args.value;
        reply(args);
      });
    },
    // Only an admin's setAppOption is saved and answered; others get no answer (the SDK times out).
    setAppOption: function (ctx, args, reply) {
      if (!ctx.launch.initData.IS_ADMIN) return;
      api(ctx.launch.sid, 'app-option', args).then(function (data) {
        ctx.launch.initData.APP_OPTIONS[args.name] = args.value;
        reply(data);
      });
    },
    reloadWindow: function () { window.location.reload(); },
    selectUser: function (ctx, args, reply) { selectUser(args, reply); },
    selectAccess: function (ctx, args, reply) { selectAccess(args, reply); },
    selectCRM: function (ctx, args, reply) { reply({}); },
    openApplication: function (ctx, args, reply) {
      api(ctx.launch.sid, 'open-application', args).then(function (launch) {
        var s = slider(function () { delete frames[launch.sid]; reply(); });
        openFrame(s.body, launch, { testId: 'slider-app-frame', layoutTestId: 'slider-app-frame-layout', denied: ['resizeWindow'], slider: s });
      });
    },
    closeApplication: function (ctx, args, reply) {
      if (ctx.slider) { ctx.slider.close(); reply(); }
    },
    // Portal-relative paths open in a slider; the SDK prefixes "/crm/.../.." segments the URL resolves.
    openPath: function (ctx, args, reply) {
      var path = String(args.path || '');
      if (path.charAt(0) !== '/' || path.charAt(1) === '/') { reply({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' }); return; }
      var url = new URL(path, window.location.origin);
      url.searchParams.set('IFRAME', 'Y');
      var s = slider(function () { reply({ result: 'close' }); });
      s.body.appendChild(el('iframe', { src: url.pathname + url.search, className: 'portal-slider-frame', testid: 'slider-page-frame' }));
    },
    imCallTo: function (ctx, args) { toast(T.call + ' ' + args.userId); },
    imPhoneTo: function (ctx, args) { toast(T.call + ' ' + args.phone); },
    imOpenMessenger: function (ctx, args) { toast(T.messenger + ' ' + args.dialogId); },
    imOpenHistory: function (ctx, args) { toast(T.messenger + ' ' + args.dialogId); },
    getInterface: function (ctx, args, reply) {
      reply({ command: Object.keys(commands).filter(function (c) { return ctx.denied.indexOf(c) < 0 && c !== 'placementBindEvent'; }), event: [] });
    },
    placementBindEvent: function () {}
  };

  window.addEventListener('message', function (e) {
    if (typeof e.data !== 'string') return;
    var parts = e.data.split(':');
    if (parts.length < 3) return;
    var appSid = parts[parts.length - 1];
    var ctx = frames[appSid];
    if (!ctx || e.origin !== ctx.launch.origin) return;
    var command = parts[0];
    var callbackId = parts[parts.length - 2];
    var params = parts.slice(1, parts.length - 2).join(':');
    var handler = commands[command];
    if (!handler || ctx.denied.indexOf(command) >= 0) return;
    var args = {};
    if (params) { try { args = JSON.parse(params); } catch (err) { return; } }
    var reply = function (result) {
      if (!callbackId || !ctx.iframe.contentWindow) return;
      ctx.iframe.contentWindow.postMessage(callbackId + ':' + (typeof result === 'undefined' ? '' : JSON.stringify(result)), ctx.launch.origin);
    };
    handler(ctx, args || {}, reply);
  });

  (cfg.frames || []).forEach(function (f) {
    openFrame(byId(f.container), f, { testId: f.testId, layoutTestId: f.layoutTestId, denied: f.denied });
  });

  var userSwitch = byId('user-switcher');
  if (userSwitch) userSwitch.onchange = function () { window.location = addParam(window.location.href.split('#')[0], 'as', userSwitch.value); };
  var langSwitch = byId('lang-switcher');
  if (langSwitch) langSwitch.onchange = function () { window.location = addParam(window.location.href.split('#')[0], 'lang', langSwitch.value); };
  var install = byId('install-app');
  if (install) install.onclick = function () {
    fetch('/_control/reinstall', { method: 'POST' }).then(function () { window.location.reload(); });
  };
  window.__portalFrames = frames;
})();
`;
