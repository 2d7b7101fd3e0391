import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import type { EventBus } from '../../events/event-bus.js';
import { TagDirectory } from './tag-directory.js';

/** A database that answers the directory's one query from `tags` and counts the loads. */
function fakeDatabase(tags: { id: string; name: string; color: string }[]) {
  const counter = { loads: 0 };
  const db = {
    select: () => ({
      from: () => ({
        where: () => ({
          orderBy: async () => {
            counter.loads++;
            const read = tags.map((tag) => ({ ...tag })).sort((a, b) => a.name.localeCompare(b.name));
            await new Promise((resolve) => setTimeout(resolve, 5));
            return read;
          },
        }),
      }),
    }),
  } as unknown as Database;
  return { db, counter };
}

describe('TagDirectory', () => {
  it('names ids sorted by name, shares one load between concurrent requests and reloads once for an id it does not know', async () => {
    const tags = [
      { id: 't2', name: 'Nuevo', color: 'sky' },
      { id: 't1', name: 'Mayorista', color: 'amber' },
    ];
    const { db, counter } = fakeDatabase(tags);
    const directory = new TagDirectory(db);
    const [first, second] = await Promise.all([directory.name('w', [['t2', 't1'], []]), directory.name('w', [['t1']])]);
    expect(first.map((list) => list.map((tag) => tag.name))).toEqual([['Mayorista', 'Nuevo'], []]);
    expect(second[0]![0]!.name).toBe('Mayorista');
    expect(counter.loads).toBe(1);
    // A tag created a moment ago: one reload names it.
    tags.push({ id: 't3', name: 'Reclamo', color: 'red' });
    expect((await directory.name('w', [['t3']]))[0]![0]!.name).toBe('Reclamo');
    expect(counter.loads).toBe(2);
    // An id no load finds (deleted meanwhile) is left out, and does not reload on every request.
    expect(await directory.name('w', [['gone', 't1']])).toEqual([[{ id: 't1', name: 'Mayorista', color: 'amber' }]]);
    await directory.name('w', [['gone']]);
    expect(counter.loads).toBe(3);
  });

  it('forgets a workspace on its tag events, and keeps no load that raced with one', async () => {
    const tags = [{ id: 't1', name: 'Nuevo', color: 'sky' }];
    const { db, counter } = fakeDatabase(tags);
    let deliver: (event: { type: string; workspaceId: string | null }) => void = () => {};
    const bus = {
      subscribe: (listener: typeof deliver) => {
        deliver = listener;
        return () => {};
      },
    } as unknown as EventBus;
    const directory = new TagDirectory(db);
    directory.start(bus);
    const racing = directory.name('w', [['t1']]);
    tags[0]!.name = 'Renombrada';
    deliver({ type: 'tag.updated', workspaceId: 'w' });
    expect((await racing)[0]![0]!.name).toBe('Nuevo'); // read before the change
    expect((await directory.name('w', [['t1']]))[0]![0]!.name).toBe('Renombrada');
    deliver({ type: 'conversation.tagged', workspaceId: 'w' });
    await directory.name('w', [['t1']]);
    expect(counter.loads).toBe(2);
  });
});
