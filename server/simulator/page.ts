import type { FastifyInstance } from 'fastify';
import { PAGE_SCRIPT } from './page-script.js';

/**
 * "Simulador de cliente": a self-contained page (no build step) where a person chats as a
 * customer with a simulated number. It only uses the `/_sim` control API.
 */
const PAGE_STYLE = `
:root { --bg:#f4f1ea; --panel:#fff; --ink:#1d2521; --muted:#6b7570; --line:#e3ded3; --accent:#1f7a57; --mine:#d9f7c9; --theirs:#fff; --warn:#b3261e; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); height: 100vh; display: flex; flex-direction: column; }
header { display:flex; align-items:center; gap:12px; padding:10px 16px; background: var(--accent); color:#fff; }
header h1 { font-size:17px; margin:0; font-weight:600; flex:1; }
header select, header button { font: inherit; border-radius:6px; border:0; padding:4px 8px; }
main { flex:1; display:grid; grid-template-columns: 300px 1fr; min-height:0; }
aside { border-right:1px solid var(--line); background: var(--panel); display:flex; flex-direction:column; min-height:0; }
aside section { padding:12px; border-bottom:1px solid var(--line); }
aside label { display:block; font-size:12px; color: var(--muted); margin-bottom:4px; }
aside select, aside input { width:100%; font: inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; margin-bottom:6px; }
.customers { overflow:auto; flex:1; }
.customer { padding:10px 12px; border-bottom:1px solid var(--line); cursor:pointer; }
.customer:hover, .customer.active { background:#eef6f1; }
.customer small { display:block; color: var(--muted); }
button.primary { background: var(--accent); color:#fff; border:0; border-radius:6px; padding:7px 12px; font: inherit; cursor:pointer; }
button.ghost { background:transparent; border:1px solid var(--line); border-radius:6px; padding:5px 9px; font: inherit; cursor:pointer; }
.chat { display:flex; flex-direction:column; min-height:0; background: #ece5dd; }
.chat-head { padding:10px 16px; background: var(--panel); border-bottom:1px solid var(--line); display:flex; gap:10px; align-items:center; }
.chat-head .who { flex:1; }
.chat-head small { color: var(--muted); display:block; }
.window-open { color: var(--accent); } .window-closed { color: var(--warn); }
.messages { flex:1; overflow:auto; padding:16px 8%; display:flex; flex-direction:column; gap:6px; }
.bubble { max-width:70%; padding:7px 10px 5px; border-radius:8px; box-shadow:0 1px 1px rgba(0,0,0,.08); white-space:pre-wrap; word-wrap:break-word; }
.bubble.in { align-self:flex-end; background: var(--mine); }
.bubble.out { align-self:flex-start; background: var(--theirs); }
.bubble img { max-width:220px; border-radius:6px; display:block; margin-bottom:4px; }
.bubble .meta { font-size:11px; color: var(--muted); text-align:right; margin-top:2px; }
.bubble .meta .read { color:#2a7de1; }
.bubble .error { color: var(--warn); font-size:12px; }
.bubble .quote { font-size:12px; color: var(--muted); border-left:3px solid var(--accent); padding-left:6px; margin-bottom:4px; }
.chips { display:flex; flex-wrap:wrap; gap:4px; margin-top:6px; }
.chips button, .chips .chip-link { background:#f1f7f4; color: var(--accent); border:1px solid #cfe5da; border-radius:14px; padding:3px 10px; font: inherit; font-size:13px; cursor:pointer; }
.chips .chip-link { text-decoration:none; }
.typing { align-self:flex-start; color: var(--muted); font-style: italic; font-size:13px; }
.composer { display:flex; gap:8px; padding:10px 12px; background: var(--panel); border-top:1px solid var(--line); align-items:center; }
.composer input { flex:1; font: inherit; padding:9px 12px; border:1px solid var(--line); border-radius:20px; }
.quick { display:flex; gap:4px; }
.empty { margin:auto; color: var(--muted); text-align:center; padding:24px; }
.toast { position:fixed; bottom:16px; right:16px; background:#333; color:#fff; padding:8px 12px; border-radius:6px; opacity:0; transition:opacity .2s; pointer-events:none; }
.toast.show { opacity:1; }
`;

const PAGE_HTML = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulador de cliente · Bandeja</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1 data-i18n="title"></h1>
  <label><span data-i18n="language" style="font-size:12px"></span>
    <select id="lang"><option value="es">Español</option><option value="en">English</option></select></label>
</header>
<main>
  <aside>
    <section>
      <label for="number" data-i18n="number"></label>
      <select id="number"></select>
    </section>
    <section>
      <label data-i18n="newCustomer"></label>
      <input id="new-name" data-i18n-placeholder="name" autocomplete="off">
      <input id="new-phone" data-i18n-placeholder="phone" autocomplete="off">
      <button class="primary" id="create" data-i18n="create"></button>
    </section>
    <div class="customers" id="customers"></div>
  </aside>
  <div class="chat">
    <div class="chat-head" id="chat-head"></div>
    <div class="messages" id="messages"><div class="empty" data-i18n="pick"></div></div>
    <form class="composer" id="composer">
      <div class="quick">
        <button type="button" class="ghost" id="send-location" data-i18n-title="location">📍</button>
        <button type="button" class="ghost" id="send-image" data-i18n-title="image">🖼️</button>
        <button type="button" class="ghost" id="send-voice" data-i18n-title="voice">🎤</button>
        <button type="button" class="ghost" id="send-document" data-i18n-title="document">📄</button>
      </div>
      <input id="text" autocomplete="off" data-i18n-placeholder="type">
      <button class="primary" type="submit" data-i18n="send"></button>
    </form>
  </div>
</main>
<div class="toast" id="toast"></div>
<script>${PAGE_SCRIPT}</script>
</body>
</html>`;

export function registerPage(app: FastifyInstance): void {
  app.get('/', async (_request, reply) => reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(PAGE_HTML));
}
