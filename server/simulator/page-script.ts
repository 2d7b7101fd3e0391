/**
 * The customer page's script (plain ES2020, no template literals so it can live in this string).
 * Everything it shows comes from `/_sim/...`; it polls the open conversation once a second.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  var I18N = {
    es: { title: 'Simulador de cliente · WhatsApp', language: 'Idioma ', number: 'Número del negocio', newCustomer: 'Nuevo cliente',
      name: 'Nombre', phone: 'Teléfono con código de país', create: 'Crear cliente', pick: 'Elegí o creá un cliente para chatear como si fueras esa persona.',
      type: 'Escribí un mensaje', send: 'Enviar', location: 'Enviar ubicación', image: 'Enviar imagen de ejemplo', voice: 'Enviar nota de voz',
      document: 'Enviar documento', markRead: 'Marcar como leídos', autoRead: 'Leer automáticamente', windowOpen: 'Ventana abierta hasta ',
      windowClosed: 'Ventana de 24 h cerrada', noNumbers: 'No hay números: agregá uno con POST /_sim/numbers.', noCustomers: 'Todavía no hay clientes.',
      typing: 'escribiendo…', readByBusiness: 'leído por el negocio', failed: 'Falló', react: 'Reaccionar 👍', created: 'Cliente creado', error: 'Error: ' },
    en: { title: 'Customer simulator · WhatsApp', language: 'Language ', number: 'Business number', newCustomer: 'New customer',
      name: 'Name', phone: 'Phone with country code', create: 'Create customer', pick: 'Pick or create a customer to chat as that person.',
      type: 'Type a message', send: 'Send', location: 'Send location', image: 'Send sample image', voice: 'Send voice note',
      document: 'Send document', markRead: 'Mark as read', autoRead: 'Read automatically', windowOpen: 'Window open until ',
      windowClosed: '24 h window closed', noNumbers: 'No numbers yet: add one with POST /_sim/numbers.', noCustomers: 'No customers yet.',
      typing: 'typing…', readByBusiness: 'read by the business', failed: 'Failed', react: 'React 👍', created: 'Customer created', error: 'Error: ' }
  };
  var TICKS = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', played: '✓✓ ▶', failed: '⚠' };
  var state = { lang: localStorage.getItem('sim-lang') || 'es', number: null, customer: null, lastRender: '' };
  var $ = function (id) { return document.getElementById(id); };
  function t(key) { return I18N[state.lang][key] || key; }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') node.textContent = attrs[k]; else if (k === 'onclick') node.onclick = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function toast(message) { var box = $('toast'); box.textContent = message; box.className = 'toast show'; setTimeout(function () { box.className = 'toast'; }, 2500); }
  function api(method, path, body) {
    return fetch(path, { method: method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().then(function (json) { if (!r.ok) throw new Error(json.error ? json.error.message : r.status); return json; }); });
  }
  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-i18n]').forEach(function (n) { n.textContent = t(n.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (n) { n.placeholder = t(n.getAttribute('data-i18n-placeholder')); });
    document.querySelectorAll('[data-i18n-title]').forEach(function (n) { n.title = t(n.getAttribute('data-i18n-title')); });
    state.lastRender = '';
    renderCustomers(); refreshConversation();
  }
  function customerPath() { return '/_sim/numbers/' + state.number + '/customers/' + state.customer; }
  function loadNumbers() {
    return api('GET', '/_sim/numbers').then(function (data) {
      var select = $('number'); select.innerHTML = '';
      if (!data.numbers.length) { select.appendChild(el('option', { text: t('noNumbers') })); return; }
      data.numbers.forEach(function (n) { select.appendChild(el('option', { value: n.phoneNumberId, text: n.verifiedName + ' (' + n.displayPhoneNumber + ')' })); });
      if (!state.number || !data.numbers.some(function (n) { return n.phoneNumberId === state.number; })) state.number = data.numbers[0].phoneNumberId;
      select.value = state.number;
      return renderCustomers();
    });
  }
  function renderCustomers() {
    if (!state.number) return Promise.resolve();
    return api('GET', '/_sim/numbers/' + state.number + '/customers').then(function (data) {
      var list = $('customers'); list.innerHTML = '';
      if (!data.customers.length) list.appendChild(el('div', { class: 'empty', text: t('noCustomers') }));
      data.customers.forEach(function (c) {
        list.appendChild(el('div', { class: 'customer' + (c.waId === state.customer ? ' active' : ''), onclick: function () { state.customer = c.waId; state.lastRender = ''; renderCustomers(); refreshConversation(); } },
          [el('strong', { text: c.name }), el('small', { text: '+' + c.waId })]));
      });
    });
  }
  function time(ms) { return new Date(ms).toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' }); }
  function bubble(m, byId) {
    var children = [];
    if (m.replyTo && byId[m.replyTo]) children.push(el('div', { class: 'quote', text: byId[m.replyTo].text.slice(0, 80) }));
    if (m.mediaId && m.mimeType && m.mimeType.indexOf('image/') === 0) children.push(el('img', { src: '/_sim/media/' + m.mediaId, alt: m.type }));
    else if (m.mediaId) children.push(el('a', { href: '/_sim/media/' + m.mediaId, target: '_blank', text: '📎 ' + m.type + (m.mimeType ? ' (' + m.mimeType + ')' : '') }));
    if (m.link) children.push(el('a', { href: m.link, target: '_blank', rel: 'noopener', text: m.link }));
    if (m.text) children.push(el('div', { text: m.text }));
    if (m.error) children.push(el('div', { class: 'error', text: t('failed') + ' (' + m.error.code + '): ' + m.error.details }));
    if (m.direction === 'outbound') {
      var chips = (m.buttons || []).map(function (b) {
        if (b.kind === 'url') return el('a', { class: 'chip-link', href: b.url, target: '_blank', rel: 'noopener', title: b.url, text: '↗ ' + b.title });
        return el('button', { type: 'button', text: b.title, onclick: function () {
          var body = b.kind === 'quick_reply' ? { type: 'template_button', payload: b.id, text: b.title, replyTo: m.id }
            : { type: b.kind === 'row' ? 'list_reply' : 'button_reply', id: b.id, title: b.title, replyTo: m.id };
          send(body);
        } });
      });
      chips.push(el('button', { type: 'button', text: t('react'), onclick: function () { send({ type: 'reaction', messageId: m.id, emoji: '👍' }); } }));
      children.push(el('div', { class: 'chips' }, chips));
    }
    var meta = el('div', { class: 'meta', text: time(m.at) + ' ' });
    if (m.direction === 'outbound' && m.status) meta.appendChild(el('span', { class: m.status === 'read' || m.status === 'played' ? 'read' : '', text: TICKS[m.status] || m.status }));
    if (m.direction === 'inbound' && m.readAt) meta.appendChild(el('span', { class: 'read', title: t('readByBusiness'), text: '✓✓' }));
    children.push(meta);
    return el('div', { class: 'bubble ' + (m.direction === 'inbound' ? 'in' : 'out') }, children);
  }
  function renderHead(customer) {
    var head = $('chat-head'); head.innerHTML = '';
    var windowText = customer.windowOpen ? t('windowOpen') + new Date(customer.windowExpiresAt).toLocaleString(state.lang) : t('windowClosed');
    head.appendChild(el('div', { class: 'who' }, [el('strong', { text: customer.name + ' · +' + customer.waId }), el('small', { class: customer.windowOpen ? 'window-open' : 'window-closed', text: windowText })]));
    var auto = el('input', { type: 'checkbox', id: 'auto-read' }); auto.checked = customer.behaviour.autoRead;
    auto.onchange = function () { api('PATCH', customerPath(), { behaviour: { autoRead: auto.checked } }); };
    head.appendChild(el('label', { text: t('autoRead') + ' ' }, [auto]));
    head.appendChild(el('button', { class: 'ghost', type: 'button', text: t('markRead'), onclick: function () { api('POST', customerPath() + '/read', {}).then(refreshConversation); } }));
  }
  function refreshConversation() {
    if (!state.number || !state.customer) return Promise.resolve();
    return api('GET', customerPath() + '/conversation').then(function (data) {
      var signature = JSON.stringify(data) + state.lang;
      if (signature === state.lastRender) return;
      state.lastRender = signature;
      renderHead(data.customer);
      var box = $('messages'); var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      box.innerHTML = '';
      var byId = {}; data.messages.forEach(function (m) { byId[m.id] = m; });
      data.messages.forEach(function (m) { box.appendChild(bubble(m, byId)); });
      var typing = data.messages.some(function (m) { return m.typingIndicatorAt && Date.now() - m.typingIndicatorAt < 25000; });
      var last = data.messages[data.messages.length - 1];
      if (typing && last && last.direction === 'inbound') box.appendChild(el('div', { class: 'typing', text: t('typing') }));
      if (atBottom) box.scrollTop = box.scrollHeight;
    }).catch(function () {});
  }
  function send(body) {
    if (!state.customer) { toast(t('pick')); return Promise.resolve(); }
    return api('POST', customerPath() + '/messages', body).then(refreshConversation).catch(function (e) { toast(t('error') + e.message); });
  }
  $('composer').onsubmit = function (event) {
    event.preventDefault();
    var text = $('text').value.trim(); if (!text) return;
    $('text').value = '';
    send({ type: 'text', text: text });
  };
  $('send-location').onclick = function () { send({ type: 'location', latitude: -34.6037, longitude: -58.3816, name: 'Obelisco', address: 'Av. 9 de Julio s/n, Buenos Aires' }); };
  $('send-image').onclick = function () { send({ type: 'image', caption: state.lang === 'es' ? 'Mirá esta foto' : 'Look at this photo' }); };
  $('send-voice').onclick = function () { send({ type: 'audio', voice: true }); };
  $('send-document').onclick = function () { send({ type: 'document', filename: 'presupuesto.pdf', caption: state.lang === 'es' ? 'Te paso el presupuesto' : 'Here is the quote' }); };
  $('create').onclick = function () {
    var name = $('new-name').value.trim(); var phone = $('new-phone').value.trim();
    if (!state.number || !name || !phone) return;
    api('POST', '/_sim/numbers/' + state.number + '/customers', { name: name, waId: phone, behaviour: { autoRead: false } }).then(function (c) {
      state.customer = c.waId; $('new-name').value = ''; $('new-phone').value = ''; toast(t('created')); renderCustomers(); refreshConversation();
    }).catch(function (e) { toast(t('error') + e.message); });
  };
  $('number').onchange = function () { state.number = $('number').value; state.customer = null; state.lastRender = ''; $('messages').innerHTML = ''; $('chat-head').innerHTML = ''; renderCustomers(); };
  $('lang').value = state.lang;
  $('lang').onchange = function () { state.lang = $('lang').value; localStorage.setItem('sim-lang', state.lang); applyLanguage(); };
  loadNumbers().then(applyLanguage);
  setInterval(refreshConversation, 1000);
  setInterval(function () { loadNumbers().catch(function () {}); }, 5000);
})();
`;
