import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, snap, temporaryDirectory } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

// playwright-core has no assertion library: these wait like Playwright's expect, then fail loudly.
const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });

// The business number as Meta knows it; the simulator plays Meta's Graph API and webhooks.
const meta = {
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  displayPhoneNumber: '+54 11 5555-0000',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzsystemusertoken',
  appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const verifyToken = 'inbox-e2e-verify-token';
// A 1×1 PNG: the smallest picture WhatsApp accepts as an image.
const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/**
 * The first inbox: a customer writes, an agent opens the conversation and replies (the reply reaches
 * the customer and is read); another customer's window is closed, so only a template can be sent.
 * Once per UI language.
 */
describe.each(['es', 'en'] as const)('inbox in %s', (language) => {
  const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
  const browsers = browserPool(language, 'inbox');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });

  const browser = () => browsers.open();


  it('shows a customer, replies, and falls back to a template once the window closed', async () => {
    const { server, sim } = stack;
    const page = await browser();
    await page.goto(server.url);
    // Onboarding and connecting are covered elsewhere: set both up through the API.
    const setup = await call(page, 'POST', '/setup', {
      workspaceName: language === 'es' ? 'Tienda Sur' : 'South Store',
      name: language === 'es' ? 'Ana Pérez' : 'Alice Parker',
      email: `owner-${language}@example.com`,
      password: 'owner-password-1',
      language,
      timeZone: 'America/Argentina/Buenos_Aires',
    });
    expect(setup.status).toBe(201);
    const connected = await call<{ channel: Channel }>(page, 'POST', '/channels', {
      type: 'whatsapp',
      name: language === 'es' ? 'Ventas' : 'Sales',
      phoneNumberId: meta.phoneNumberId,
      wabaId: meta.wabaId,
      accessToken: meta.accessToken,
      appSecret: meta.appSecret,
      verifyToken,
      apiBaseUrl: sim.url,
    });
    expect(connected.status).toBe(201);
    const channelId = connected.json.channel.id;
    expect((await call(page, 'POST', `/channels/${channelId}/templates/sync`, {})).status).toBe(200);

    // The inbox before anyone wrote.
    await page.goto(new URL('/inbox', server.url).toString());
    await visible(page.getByRole('heading', { name: m('inbox.noConversationsTitle') }));

    // A customer writes; the list (polling) shows them without a reload.
    const carla = sim.customer(meta.phoneNumberId, { waId: '5491150000001', name: 'Carla Gómez' });
    await carla.sendText('Hola, ¿tienen stock?');
    await sim.waitForIdle();
    const list = page.getByRole('region', { name: m('inbox.listLabel') });
    const carlaItem = list.getByRole('link').filter({ hasText: 'Carla Gómez' });
    await visible(carlaItem);
    await visible(carlaItem.getByText(new RegExp(m('inbox.waitingFor', { duration: '' }).trim())));
    await snap(page, `${language}-inbox-list`);

    // Open it: the header says the window is open, the message is on the left.
    await carlaItem.click();
    await visible(page.getByRole('heading', { name: 'Carla Gómez', level: 2 }));
    const windowOpen = new RegExp(m('inbox.windowOpen', { time: '' }).trim());
    await visible(page.getByText(windowOpen));
    const timeline = page.getByRole('list', { name: m('inbox.timelineLabel') });
    await visible(timeline.locator('li[data-direction="inbound"]').filter({ hasText: 'Hola, ¿tienen stock?' }));
    // Opening marked the customer's message read on WhatsApp.
    await expect.poll(() => carla.conversation().some((entry) => entry.direction === 'inbound' && entry.readAt !== undefined), { timeout: 10_000 }).toBe(true);

    // Reply with Enter; it shows at once and goes pending → sent → delivered → read.
    const composer = page.getByLabel(m('inbox.composer.label'));
    await composer.fill('¡Sí!');
    // Typing shows "typing…" on the customer's phone (mark read + typing indicator).
    await expect
      .poll(() => sim.requests({ phoneNumberId: meta.phoneNumberId, endpoint: 'messages' }).filter((request) => (request.body as { typing_indicator?: unknown })?.typing_indicator).length)
      .toBeGreaterThan(0);
    await composer.press('Enter');
    const reply = timeline.locator('li[data-direction="outbound"]').filter({ hasText: '¡Sí!' });
    await visible(reply);
    expect(await composer.inputValue()).toBe('');
    const read = reply.getByRole('img', { name: m('inbox.status.label', { status: m('inbox.status.read') }) });
    await expect
      .poll(
        async () => {
          await sim.waitForIdle();
          return read.count();
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(1);
    expect(carla.received().map((message) => message.request)).toContainEqual(expect.objectContaining({ type: 'text', text: expect.objectContaining({ body: '¡Sí!' }) }));
    await snap(page, `${language}-inbox-conversation`);

    // Attach a picture with the paperclip's file input, caption it, and send it as an image.
    // A GIF is refused before anything is uploaded: WhatsApp only sends JPG and PNG pictures.
    const uploads = browsers.track(temporaryDirectory('bandeja-e2e-upload-'));
    const animation = path.join(uploads, 'animacion.gif');
    writeFileSync(animation, 'GIF89a');
    const picture = path.join(uploads, 'producto.png');
    writeFileSync(picture, Buffer.from(onePixelPng, 'base64'));
    await visible(page.getByRole('button', { name: m('composer.attach') }));
    const fileInput = page.getByTestId('attachment-input');
    await fileInput.setInputFiles(animation);
    await visible(page.getByRole('alert').filter({ hasText: m('composer.attachment.unsupportedImage', { name: 'animacion.gif' }) }));
    const chip = page.getByTestId('attachment');
    expect(await chip.count()).toBe(0);
    await fileInput.setInputFiles(picture);
    expect(await page.getByRole('alert').filter({ hasText: 'animacion.gif' }).count()).toBe(0);
    await visible(chip.getByText('producto.png'));
    await visible(chip.getByText(m('inbox.type.image')));
    const caption = language === 'es' ? 'Así queda el producto' : 'This is the product';
    await composer.fill(caption);
    await snap(page, `${language}-inbox-attachment`);
    await page.getByRole('button', { name: m('inbox.composer.send') }).click();
    const sentPicture = timeline.locator('li[data-direction="outbound"]').filter({ hasText: caption });
    await visible(sentPicture);
    await visible(sentPicture.getByText(m('inbox.type.image'), { exact: false }));
    expect(await chip.count()).toBe(0);
    expect(await composer.inputValue()).toBe('');
    await expect
      .poll(
        async () => {
          await sim.waitForIdle();
          return carla.received().filter((message) => message.request.type === 'image').length;
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(1);
    expect(carla.received().find((message) => message.request.type === 'image')?.request).toMatchObject({ image: { caption } });
    await snap(page, `${language}-inbox-attachment-sent`);

    // Phone: the list and the conversation are separate views with a way back.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: m('inbox.back') }).click();
    await visible(carlaItem);
    await carlaItem.click();
    await visible(page.getByRole('heading', { name: 'Carla Gómez', level: 2 }));
    await page.setViewportSize({ width: 1280, height: 800 });

    // A customer who wrote 25 hours ago: only a template can reach them.
    const bruno = sim.customer(meta.phoneNumberId, { waId: '5491150000002', name: 'Bruno Díaz' });
    await bruno.sendText('¿Llegó mi pedido?', { at: Date.now() - 25 * 3600 * 1000 });
    await sim.waitForIdle();
    const brunoItem = list.getByRole('link').filter({ hasText: 'Bruno Díaz' });
    await visible(brunoItem);
    await brunoItem.click();
    await visible(page.getByRole('heading', { name: 'Bruno Díaz', level: 2 }));
    await visible(page.getByText(m('inbox.windowClosed'), { exact: true }));
    expect(await page.getByLabel(m('inbox.composer.label')).count()).toBe(0);
    const picker = page.getByLabel(m('inbox.template.pick'));
    await visible(picker);
    // A template with a header variable, a body variable and a URL button with a dynamic suffix.
    await picker.selectOption({ value: 'envio_en_camino|es_AR' });
    const preview = page.getByTestId('template-preview');
    await visible(preview.getByText('Pedido {{1}} en camino', { exact: true }));
    await visible(preview.getByText('https://tienda.example/envios/{{1}}', { exact: true }));
    const send = page.getByRole('button', { name: m('inbox.composer.send') });
    // Empty values block sending, each field saying so.
    await send.click();
    await visible(page.getByText(m('inbox.template.missing'), { exact: true }));
    expect(await page.getByText(m('validation.required'), { exact: true }).count()).toBe(3);
    await snap(page, `${language}-inbox-template-missing`);
    await page.getByLabel(m('inbox.template.headerParameter', { placeholder: '{{1}}' }), { exact: true }).fill('#2071');
    await page.getByLabel(m('inbox.template.parameter', { placeholder: '{{1}}' }), { exact: true }).fill('Bruno');
    await page.getByLabel(m('inbox.template.buttonSuffix', { button: 'Seguir envío' }), { exact: true }).fill('AR2071');
    await visible(preview.getByText('Pedido #2071 en camino', { exact: true }));
    await visible(preview.getByText('Hola Bruno, tu pedido ya salió. Seguilo desde el botón de abajo.', { exact: true }));
    await visible(preview.getByText('Tienda Sur', { exact: true }));
    await visible(preview.getByText('https://tienda.example/envios/AR2071', { exact: true }));
    expect(await page.getByText(m('inbox.template.missing'), { exact: true }).count()).toBe(0);
    await snap(page, `${language}-inbox-template`);
    await send.click();
    const sentTemplate = timeline.locator('li[data-direction="outbound"]').filter({ hasText: 'Pedido #2071 en camino' });
    await visible(sentTemplate);
    await visible(sentTemplate.getByText('https://tienda.example/envios/AR2071', { exact: true }));
    await expect
      .poll(
        async () => {
          await sim.waitForIdle();
          return bruno.received().filter((message) => message.request.type === 'template').length;
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(1);
    // What Bruno's phone shows: the header and the button's link filled.
    const phone = await (await fetch(`${sim.url}/_sim/numbers/${meta.phoneNumberId}/customers/5491150000002/conversation`)).json();
    const received = phone.messages.find((message: { type: string }) => message.type === 'template');
    expect(received.text).toBe('*Pedido #2071 en camino*\nHola Bruno, tu pedido ya salió. Seguilo desde el botón de abajo.\n_Tienda Sur_');
    expect(received.buttons[0]).toMatchObject({ kind: 'url', title: 'Seguir envío', url: 'https://tienda.example/envios/AR2071' });
    await snap(page, `${language}-inbox-template-sent`);

    // A template with an image header asks for an https link before it sends.
    await picker.selectOption({ value: 'catalogo_temporada|es' });
    await page.getByLabel(m('inbox.template.parameter', { placeholder: '{{1}}' }), { exact: true }).fill('Bruno');
    const imageLink = page.getByLabel(m('inbox.template.headerImage'), { exact: true });
    await imageLink.fill('http://tienda.example/catalogo.jpg');
    await send.click();
    await visible(page.getByText(m('inbox.template.badLink'), { exact: true }));
    await imageLink.fill('https://tienda.example/catalogo.jpg');
    await visible(preview.getByText('https://tienda.example/catalogo.jpg', { exact: true }));
    await snap(page, `${language}-inbox-template-image`);
  });
});
